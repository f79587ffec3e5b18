"""{% lead_form %}: the lead form on another app's page, as django_comments offers its form;
|start_label: a stored start as people read it."""

from django import template

from leads.forms import LeadForm
from leads.starts import start_label

register = template.Library()


@register.simple_tag(takes_context=True)
def lead_form(
    context, placement="general", *, persona=None, target_group=None, programme=None, event=None
):
    """A blank lead form in the visitor's tone: {% lead_form "event" event=event %}.

    Rendered like an {% include %}, so the form speaks with the page's tone words and
    carries its CSRF token (a cached page swaps both tokens per visitor).
    """
    form = LeadForm.blank(
        context["request"].tone,
        placement,
        persona=persona,
        target_group=target_group,
        programme=programme,
        event=event,
    )
    form_template = context.template.engine.get_template("leads/includes/form.html")
    with context.push(form=form, message="", next_event=None):
        return form_template.render(context)


@register.filter(name="start_label")
def start_label_filter(value):
    """A stored start as people read it: {{ submission.preferred_start|start_label }}."""
    return start_label(value)
