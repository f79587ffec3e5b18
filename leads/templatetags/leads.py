"""{% lead_form %}: the lead form on another app's page, as django_comments offers its form;
|start_label: a stored start as people read it."""

from django import template

from leads import blank_form
from leads.forms import LeadForm
from leads.starts import start_label

register = template.Library()


@register.simple_tag(takes_context=True)
def lead_form(
    context, placement="general", *, persona=None, target_group=None, programme=None, event=None
):
    """A blank lead form in the visitor's tone: {% lead_form "event" event=event %}.

    It speaks with the page's tone words and carries the visitor's CSRF token and a new
    form token (a cached page swaps both tokens per visitor); made once per content version
    (leads/blank_form.py).
    """
    presets = {"persona": persona, "target_group": target_group, "programme": programme}
    if placement == "event":
        # Whether an event still takes sign-ups changes by the hour: the form is built here.
        form = LeadForm.blank(context["request"].tone, placement, event=event, **presets)
        return blank_form.render(context["request"], form)
    return blank_form.render_preset(context["request"], LeadForm, placement, **presets)


@register.simple_tag(takes_context=True)
def blank_lead_form(context, form):
    """{% blank_lead_form form %}: an unbound lead form, made as {% lead_form %} makes it."""
    return blank_form.render(context["request"], form)


@register.filter(name="start_label")
def start_label_filter(value):
    """A stored start as people read it: {{ submission.preferred_start|start_label }}."""
    return start_label(value)
