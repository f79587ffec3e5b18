"""A form field as Bootstrap 5 shows it, the markup crispy-bootstrap5 gave our forms, from one
plain template of ours: {% include "includes/field.html" with field=form.email %}.

crispy renders a field through some ten nested templates; the public forms are on every page
that is rendered anew, so they take the short way with the same HTML."""

from django import forms, template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def field_kind(field):
    """ "choices" (radio buttons, checkboxes), "checkbox", or "input" (the rest)."""
    widget = field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return "choices"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    return "input"


@register.filter
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


@register.filter
def options(field):
    """The radio buttons or checkboxes of a choice field, each a dict as the widget's own
    template gets it (type, value, label, attrs), with the field's ARIA attributes."""
    widget = field.field.widget
    attrs = field.build_widget_attrs({"id": widget.attrs.get("id") or field.auto_id})
    values = widget.format_value(field.value())
    groups = widget.optgroups(field.html_name, values, attrs)
    return [option for _group, choices, _index in groups for option in choices]


@register.filter
def attributes(attrs):
    """HTML attributes in their order: a True value as the bare name, False or None left out."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False and value is not None
        ),
    )


@register.filter
def field_errors(field):
    if not field.errors:
        return ""
    lines = format_html_join(
        "",
        '<p id="error_{}_{}"><strong>{}</strong></p>',
        ((n, field.auto_id, error) for n, error in enumerate(field.errors, 1)),
    )
    return format_html('<div id="{}_error" class="invalid-feedback">{}</div>', field.auto_id, lines)


@register.filter
def field_help(field):
    if not field.help_text:
        return ""
    # Help texts are ours (translated strings), shown as HTML as Django's own templates do.
    text = mark_safe(field.help_text)  # noqa: S308
    return format_html('<div id="{}_helptext" class="form-text">{}</div>', field.auto_id, text)
