"""Django's form renderer with its commonest widget templates written out in Python.

Every page rendered anew (the first visit after an edit) shows a lead form of some twenty
fields, and each <input>, <select> and <option> went through two or three nested widget
templates: most of the page's time. Inputs, selects and text areas give the HTML Django's own
templates give, byte for byte (tests/mkbroute/test_form_renderer.py holds them side by side); any
other template goes the usual way.
"""

from html import escape as html_escape

from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.safestring import SafeData

# Templates that are {% include "django/forms/widgets/input.html" %} and nothing else.
INPUT_KINDS = ("input", "checkbox", "color", "date", "datetime", "email", "hidden", "number")
INPUT_KINDS += ("password", "search", "tel", "text", "time", "url")
INPUTS = {f"django/forms/widgets/{kind}.html" for kind in INPUT_KINDS}
# What {{ value }} does in a template: localised, time-zone aware, escaped.
_CONTEXT = Context(autoescape=True)


def shown(value):
    """{{ value }}."""
    if type(value) is str:  # most are: a name, an id, a class, a plain label
        # What {{ value }} comes to for a str (not localised, not safe): escaped, in a third
        # of the time of the whole way, which a form of twenty fields takes some two hundred
        # times. Plain text, as as_is() gives: it goes into HTML that is marked safe whole.
        return html_escape(value)
    return render_value_in_context(value, _CONTEXT)


def as_is(value):
    """{{ value|stringformat:'s' }}: not localised, escaped unless safe."""
    # escape() as Django's, without the check for lazy text its decorator makes every call.
    return f"{value}" if isinstance(value, SafeData) else html_escape(f"{value}")


def attrs(values):
    """django/forms/widgets/attrs.html."""
    return "".join(
        f" {shown(name)}" if value is True else f' {shown(name)}="{as_is(value)}"'
        for name, value in values.items()
        if value is not False
    )


def render_input(widget):
    value = "" if widget["value"] is None else f' value="{as_is(widget["value"])}"'
    kind, name = shown(widget["type"]), shown(widget["name"])
    return f'<input type="{kind}" name="{name}"{value}{attrs(widget["attrs"])}>'


def render_option(option):
    """select_option.html, with the line end its file ends in (an include keeps it)."""
    return (
        f'<option value="{as_is(option["value"])}"{attrs(option["attrs"])}>'
        f"{shown(option['label'])}</option>\n"
    )


def render_select(widget):
    parts = [f'<select name="{shown(widget["name"])}"{attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{shown(group_name)}">')
        for option in group_choices:
            if option["template_name"] != "django/forms/widgets/select_option.html":
                return None  # an option of its own kind: the template renders it
            parts.append(f"\n  {render_option(option)}")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def render_textarea(widget):
    value = shown(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{shown(widget["name"])}"{attrs(widget["attrs"])}>\n{value}</textarea>'


class Renderer(DjangoTemplates):
    """settings.FORM_RENDERER: the widgets above in Python, the rest through templates."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        html = None
        if widget is not None:
            if template_name in INPUTS:
                html = render_input(widget)
            elif template_name == "django/forms/widgets/select.html":
                html = render_select(widget)
            elif template_name == "django/forms/widgets/textarea.html":
                html = render_textarea(widget)
        if html is None:
            return super().render(template_name, context, request)
        return html
