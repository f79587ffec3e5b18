"""Template tags that speak in the visitor's tone."""

from django import template

from mkbroute.lib import placeholders
from mkbroute.lib.text import render_markdown

register = template.Library()


def _words(context):
    tone = context.get("tone")
    return tone.words() if tone is not None else {}


@register.simple_tag(takes_context=True)
def term(context, key):
    """{% term "lerende" %}: the active tone's word; {% term "Lerende" %} capitalises it."""
    word = placeholders.lookup(key, _words(context))
    return key if word is None else word


@register.simple_tag(takes_context=True)
def toned(context, text, markdown=False):
    """Admin-written text with its placeholders filled; Markdown turned into safe HTML."""
    filled = placeholders.fill(text, _words(context))
    return render_markdown(filled) if markdown else filled
