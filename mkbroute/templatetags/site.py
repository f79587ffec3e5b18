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
from mkbroute.lib.context_processors import nav, school
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


# The parts of every page made of settings only (the school, the main menu, the static
# files), not of editable content: made once per process, language and address prefix (and
# for the header, the page's menu item). They ask neither the cache nor the database, as
# the error pages must not (mkbroute.lib.errors), which show them too.
_parts = {}


def _kept_in_process(template_name, context, *key):
    if not keeping():
        return render_to_string(template_name, context)
    key = (template_name, get_language(), get_script_prefix(), *key)
    if key not in _parts:
        _parts[key] = render_to_string(template_name, context)
    return _parts[key]


@register.simple_tag
def site_footer():
    """The footer of every page: the school's details and links."""
    return _kept_in_process("includes/footer.html", {"school": school()})


@register.simple_tag
def site_styles():
    """The icon and style sheets of every page."""
    return _kept_in_process("includes/styles.html", {})


@register.simple_tag(takes_context=True)
def site_header(context):
    """The header of every page: the school and the main menu, the page's own item marked."""
    current = menu_item(context.get("request"))
    menu = {"school": school(), "nav": nav(), "current": current}
    return _kept_in_process("includes/header.html", menu, current)


def menu_item(request):
    """The item of the main menu (a key of nav()) whose part of the site the page is in."""
    if request is None:  # an error page, rendered without one
        return None
    match = request.resolver_match
    app, name = (match.app_name, match.url_name) if match else ("", "")
    menu = nav()
    if app == "programmes" and name in ("list", "detail"):
        return "programmes"
    if name in ("events", "event"):
        return "events"
    if app == "employers" and request.path != "/werkgevers/":
        return "places"
    for item in ("finder", "interest"):
        if request.path == menu[item]:
            return item
    return None


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
