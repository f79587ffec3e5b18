"""Template helpers shared by all apps: responsive pictures, JSON-LD blocks, days and minutes."""

import datetime
import json
from decimal import Decimal

from django import template
from django.template.defaultfilters import floatformat
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from mkbroute.lib.content import keeping
from mkbroute.lib.context_processors import school
from mkbroute.lib.images import renditions
from mkbroute.lib.moments import day

register = template.Library()

# The same escapes as Django's json_script: nothing in the data can close the script tag.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    text = json.dumps(data, ensure_ascii=False, sort_keys=True).translate(_JSON_ESCAPES)
    # Safe: escaped like json_script (no <, > or &), so the text cannot leave its script tag;
    # HTML escaping would break the JSON (json_script itself cannot set type="ld+json").
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


# {{ value|day }}: "5 december 2026", as value|date:"j F Y" writes it, at a tenth of the cost.
register.filter("day", day)


@register.filter
def minute(value):
    """The same text as value|date:"j F Y H:i" ("5 december 2026 09:05", in local time), as
    |day is for "j F Y"."""
    if not isinstance(value, datetime.datetime):
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{day(value)} {value:%H:%M}"


@register.simple_tag
def site_footer():
    """The footer of every page: the school's details and links, the same on each page, so
    made once per process, language and address prefix. Of settings only, not of editable
    content: it asks neither the cache nor the database, as the error pages must not
    (mkbroute.lib.errors), which show it too."""
    if not keeping():
        return render_to_string(FOOTER, {"school": school()})
    key = (get_language(), get_script_prefix())
    if key not in _footers:
        _footers[key] = render_to_string(FOOTER, {"school": school()})
    return _footers[key]


_footers = {}


FOOTER = "includes/footer.html"


@register.inclusion_tag("includes/picture.html")
def picture(obj, field="image", sizes="100vw", lazy=True, css_class="img-fluid"):
    """An <img> with WebP renditions in srcset, its size set so the page does not jump."""
    file = getattr(obj, field)
    if not file:
        return {}
    width = getattr(obj, f"{field}_width")
    height = getattr(obj, f"{field}_height")
    sources = renditions(file, width, height) or [(file.url, width, height)]
    url, largest_width, largest_height = sources[-1]
    return {
        "url": url,
        "srcset": ", ".join(f"{source} {source_width}w" for source, source_width, _h in sources),
        "sizes": sizes,
        "alt": getattr(obj, f"{field}_alt", ""),
        "width": largest_width,
        "height": largest_height,
        "css_class": css_class,
        "lazy": lazy,
    }


@register.filter
def euro(amount):
    """An amount as the site writes money everywhere: € 2.695, € 2.100, € 12,50."""
    if amount in (None, ""):
        return ""
    value = Decimal(amount)
    digits = "0g" if value == value.to_integral_value() else "2g"
    return f"€\u00a0{floatformat(value, digits)}"
