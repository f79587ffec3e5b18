"""Template helpers shared by all apps: responsive pictures and JSON-LD blocks."""

import json

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from mkbroute.lib.images import renditions

register = template.Library()

# The same escapes as Django's json_script: nothing in the data can close the script tag.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    text = json.dumps(data, ensure_ascii=False, sort_keys=True).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag
def picture(obj, field="image", sizes="100vw", lazy=True, css_class="img-fluid"):
    """An <img> with WebP renditions in srcset, its size set so the page does not jump."""
    file = getattr(obj, field)
    width = getattr(obj, f"{field}_width")
    height = getattr(obj, f"{field}_height")
    if not file:
        return ""
    sources = renditions(file, width, height) or [(file.url, width, height)]
    alt = getattr(obj, f"{field}_alt", "")
    url, largest_width, largest_height = sources[-1]
    srcset = format_html_join(", ", "{} {}w", ((u, w) for u, w, _h in sources))
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" alt="{}" width="{}" height="{}" class="{}"{}>',
        url,
        srcset,
        sizes,
        alt,
        largest_width,
        largest_height,
        css_class,
        mark_safe(' loading="lazy" decoding="async"' if lazy else ""),
    )
