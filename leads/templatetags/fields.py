"""A form field as Bootstrap 5 shows it, the markup crispy-bootstrap5 gave our forms:
{{ form.email|bootstrap_field }}, or {% include "includes/field.html" with field=form.email %}.

crispy renders a field through some ten nested templates, and a template of ours still took
most of a page rendered anew (the first visit after an edit): the public forms are on every
such page, so their fields are written out here, in Python, with the same HTML."""

from django import forms, template
from django.utils.formats import localize
from django.utils.html import conditional_escape as escape
from django.utils.safestring import mark_safe

from mkbroute.lib.form_renderer import shown

register = template.Library()
REQUIRED = '<span class="asteriskField">*</span>'


@register.filter
def bootstrap_field(field):
    """The field with its label, errors and help text; radio buttons and checkboxes each with
    their own label, in a fieldset with a legend."""
    kind = field_kind(field)
    required = field.field.required
    label = shown(field.label) + (REQUIRED if required else "")
    required_class = " requiredField" if required else ""
    if kind == "choices":
        described = field.aria_describedby
        described = f' aria-describedby="{shown(described)}"' if described else ""
        body = (
            f"<fieldset{described}>\n"
            f'<legend class="form-label{required_class} fs-6">{label}</legend>\n'
            f"<div>{choices(field)}\n</div>\n{field_help(field)}\n</fieldset>\n"
        )
    elif kind == "checkbox":
        body = (
            f"{as_bootstrap(field)}\n"
            f'<label for="{shown(field.id_for_label)}" class="form-check-label{required_class}">'
            f"{label}</label>\n{field_errors(field)}{field_help(field)}\n"
        )
    else:
        body = (
            f'<label for="{shown(field.id_for_label)}" class="form-label{required_class}">'
            f"{label}</label>\n{as_bootstrap(field)}\n{field_errors(field)}{field_help(field)}\n"
        )
    css = "form-check" if kind == "checkbox" else "mb-3"
    html = f'\n<div id="div_{shown(field.auto_id)}" class="{css}">\n{body}</div>'
    if kind == "checkbox":
        html = f'<div class="mb-3">{html}</div>'
    # Every value in it is escaped here, but help texts: ours (translated strings), shown as
    # HTML as Django's own templates do.
    return mark_safe(html)  # noqa: S308


def choices(field):
    """Each radio button or checkbox in its div, the field's errors after the last one."""
    invalid = " is-invalid" if field.errors else ""
    name = shown(field.html_name)
    found = options(field)
    parts = []
    for n, option in enumerate(found, 1):
        errors = field_errors(field) if n == len(found) else ""
        parts.append(
            '\n<div class="form-check">\n'
            f'<input type="{shown(option["type"])}" class="form-check-input{invalid}" '
            f'name="{name}" value="{unlocalized(option["value"])}"{attributes(option["attrs"])}>\n'
            f'<label for="{shown(option["attrs"].get("id", ""))}" class="form-check-label">'
            f"{unlocalized(option['label'])}</label>{errors}\n</div>"
        )
    return "".join(parts)


def unlocalized(value):
    """{{ value|unlocalize }}."""
    return shown(str(localize(value, use_l10n=False)))


def field_kind(field):
    """ "choices" (radio buttons, checkboxes), "checkbox", or "input" (the rest)."""
    widget = field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return "choices"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    return "input"


def as_bootstrap(field):
    """The widget with Bootstrap's classes, after the widget's own name as crispy put it
    ("textinput form-control", "select form-select"), and is-invalid when wrong."""
    widget = field.field.widget
    if isinstance(widget, forms.Select):
        style = "form-select"
    elif isinstance(widget, forms.CheckboxInput):
        style = "form-check-input"
    else:
        style = "form-control"
    css = f"{type(widget).__name__.lower()} {style}{' is-invalid' if field.errors else ''}"
    return field.as_widget(attrs={"class": css})


def options(field):
    """The radio buttons or checkboxes of a choice field, each a dict as the widget's own
    template gets it (type, value, label, attrs), with the field's ARIA attributes."""
    widget = field.field.widget
    attrs = field.build_widget_attrs({"id": widget.attrs.get("id") or field.auto_id})
    values = widget.format_value(field.value())
    groups = widget.optgroups(field.html_name, values, attrs)
    return [option for _group, choices, _index in groups for option in choices]


def attributes(attrs):
    """HTML attributes in their order: a True value as the bare name, False or None left out."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False and value is not None
    )


def field_errors(field):
    if not field.errors:
        return ""
    auto_id = escape(field.auto_id)
    lines = "".join(
        f'<p id="error_{n}_{auto_id}"><strong>{escape(error)}</strong></p>'
        for n, error in enumerate(field.errors, 1)
    )
    return f'<div id="{auto_id}_error" class="invalid-feedback">{lines}</div>'


def field_help(field):
    if not field.help_text:
        return ""
    # Help texts are ours (translated strings), shown as HTML as Django's own templates do.
    return f'<div id="{escape(field.auto_id)}_helptext" class="form-text">{field.help_text}</div>'
