"""Template tags that speak in the visitor's tone."""

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from mkbroute.lib import placeholders, tone_text
from mkbroute.lib.content import keeping, kept_per_version
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


class MadeOnceNode(template.Node):
    def __init__(self, nodelist, name, arguments):
        self.nodelist, self.name, self.arguments = nodelist, name, arguments

    def render(self, context):
        if not keeping():  # made for this visitor alone: in their tone straight away
            return self.nodelist.render(context)
        values = [argument.resolve(context) for argument in self.arguments]
        key = f"made-once:{timezone.localdate():%Y%m%d}:{get_language()}:{self.name}:{values!r}"
        made = kept_per_version(key, lambda: self.render_marked(context))
        return mark_safe(placeholders.fill_marked(made, _words(context)))  # noqa: S308

    def render_marked(self, context):
        tone = tone_text.MarkedTone()
        with context.push(tone=tone, **tone.marks):
            return self.nodelist.render(context)


@register.tag
def made_once(parser, token):
    """{% made_once "name" value ... %}...{% endmade_once %}: a part of a page made once per
    content version and day for every tone and visitor, then given the visitor's tone words.

    For a part that shows only editable content (lazy querysets in it are not even read when
    it was made before) and the tone's words: the values name what else it shows (a
    persona, a programme). Nothing of the visitor (forms, tokens) nor of the hour (events).
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% made_once %} needs a name.")
    name = bits[1].strip("\"'")
    arguments = [parser.compile_filter(bit) for bit in bits[2:]]
    nodelist = parser.parse(("endmade_once",))
    parser.delete_first_token()
    return MadeOnceNode(nodelist, name, arguments)
