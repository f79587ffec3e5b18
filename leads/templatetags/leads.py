"""{% lead_form %}: the lead form on another app's page, as django_comments offers its form;
|start_label: a stored start as people read it; {% submission_cards %}: the cards of the own
page."""

from html import escape as html_escape

from django import template
from django.utils.safestring import SafeData, mark_safe

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


@register.simple_tag
def submission_cards(stored, *, consents, withdraw, how):
    """{% submission_cards stored consents=... withdraw=... how=... %}: a card per submission
    of leads.own.Stored, with these words for its consents, its withdraw buttons and how the
    person came to us.

    Written out here, not in a loop in the template: someone who wrote to us ten times has
    some four hundred values on the page, and the template engine took a tenth of the page's
    time for them. The HTML is what the loop gave."""
    consents, withdraw, how = escape(consents), escape(withdraw), escape(how)
    return mark_safe(  # noqa: S308 (every value in it is escaped)
        "".join(card(submission, consents, withdraw, how) for submission in stored)
    )


def card(submission, consents, withdraw, how):
    pk = escape(submission["pk"])
    given = "".join(
        f'\n        <li class="mb-1">{escape(consent["answer"])}'
        f"{withdraw_button(consent, withdraw)}</li>"
        for consent in submission["consents"]
    )
    html = (
        f'\n<section class="card mb-3" aria-labelledby="inzending-{pk}">\n'
        '  <div class="card-body">\n'
        f'    <h3 class="h5" id="inzending-{pk}">{escape(submission["heading"])}</h3>\n'
        '    <dl class="row mb-0">\n'
        f"      {rows(submission['rows'], NEXT_ROW)}"
        f'<dt class="col-sm-4">{consents}</dt>\n'
        f'      <dd class="col-sm-8"><ul class="list-unstyled mb-0">{given}\n'
        "      </ul></dd>\n"
        "    </dl>\n    "
    )
    if submission["how"]:
        html += (
            '\n    <details class="mt-2">\n'
            f"      <summary>{how}</summary>\n"
            '      <dl class="row mb-0 mt-2 small">\n'
            f"        {rows(submission['how'], '')}\n"
            "      </dl>\n"
            "    </details>\n    "
        )
    return html + "\n  </div>\n</section>\n"


NEXT_ROW = "\n      "


def rows(pairs, after):
    return "".join(
        f'<dt class="col-sm-4">{escape(label)}</dt><dd class="col-sm-8">{escape(value)}</dd>{after}'
        for label, value in pairs
    )


def withdraw_button(consent, withdraw):
    if not consent["withdraw_url"]:
        return ""
    return (
        f'\n        <button type="submit" formaction="{escape(consent["withdraw_url"])}" '
        f'class="btn btn-link btn-sm p-0 align-baseline">{withdraw}'
        f'<span class="visually-hidden">: {escape(consent["which"])}</span></button>'
    )


def escape(value):
    """conditional_escape() for the text of Stored (str, or HTML marked safe: a message's line
    breaks), without the check for lazy text its decorator makes on each of some 250 calls."""
    return value if isinstance(value, SafeData) else html_escape(str(value))
