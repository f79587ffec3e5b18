"""Places on a page of one app where an app above it adds what it knows.

A lower app cannot import a higher one, yet its pages sometimes need what the higher one
has: the thank-you page of a lead form shows fitting werkplekken. The lower app's template
marks the place, {% slot "leads.thanks" submission=submission %}; the higher app registers
what goes there in its AppConfig.ready(). A slot nobody filled renders nothing.
"""

from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

_FILLERS = {}


def register(name, render):
    """render(request, **values) returns HTML (marked safe) or plain text, or '' for nothing."""
    _FILLERS.setdefault(name, [])
    if render not in _FILLERS[name]:
        _FILLERS[name].append(render)


def render(name, request, **values):
    parts = (conditional_escape(filler(request, **values)) for filler in _FILLERS.get(name, ()))
    return mark_safe("".join(parts))
