"""The lead form (GET shows, POST validates and stores, then redirects) and the thank-you page."""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mkbroute.errors import error_page
from personas.models import Persona, TargetGroup
from personas.tone import set_tone, tone_by_slug
from programmes.models import Event, Programme

from . import attribution, spam
from .forms import LeadForm, lead_form
from .models import ChannelRule, EventFull, Submission

SESSION_LAST = "last_submission"


SLUG = re.compile(r"[-a-zA-Z0-9_]{1,50}")
PRESETS = {
    "persona": ("persona", Persona.objects.all()),
    "target_group": ("doelgroep", TargetGroup.objects.all()),
    "programme": ("opleiding", Programme.objects.published()),
    "event": ("activiteit", Event.objects.published().upcoming()),
}


def presets(data):
    """The form's placement and what it is about, from the query or the hidden fields.

    Returns (presets, forged): forged is True when a hidden value names nothing we know.
    """
    found, forged = {}, False
    for name, (parameter, queryset) in PRESETS.items():
        value = data.get(parameter, "")
        # Only a well-formed slug reaches the database (PostgreSQL refuses NUL bytes).
        found[name] = queryset.filter(slug=value).first() if SLUG.fullmatch(value) else None
        forged = forged or bool(value and found[name] is None)
    placement = data.get("plek", "general")
    if placement not in LeadForm.LEFT_OUT or (placement == "event" and not found["event"]):
        forged = forged or placement != "general"
        placement = "general"
    return {**found, "placement": placement}, forged


@require_http_methods(["GET", "POST"])
def interest(request):
    if request.method == "GET":
        found, _forged = presets(request.GET)
        return show(request, lead_form(request, **found))

    found, forged = presets(request.POST)
    form = lead_form(request, **found, data=request.POST)
    if forged:
        spam.refuse("forged hidden field")
        return show(request, fresh(request, form, found), _("Er ging iets mis met het formulier. "
                    "Controleer de gegevens en verstuur het opnieuw."))  # fmt: skip
    if spam.over_rate_limit(request):
        spam.refuse("rate limit")
        return too_many(request)
    if not form.is_valid():
        return show(request, form)
    if form.cleaned_data.get("website"):
        spam.refuse("honeypot")
        return show(request, fresh(request, form, found), _("Dit bericht kon niet worden "
                    "verstuurd. Probeer het opnieuw, of neem contact op per e-mail."))  # fmt: skip
    token = spam.read_token(form.cleaned_data.get("token"))
    if token is None:
        spam.refuse("missing or forged token")
        return show(request, fresh(request, form, found), _("Het formulier was verlopen of "
                    "onvolledig. Controleer de gegevens en verstuur het opnieuw."))  # fmt: skip
    token_id, age = token
    if age < settings.LEADS_MIN_FILL_SECONDS:
        spam.refuse("filled in too fast")
        return show(request, fresh(request, form, found), _("Dat ging wel heel snel. "
                    "Controleer de gegevens en verstuur het opnieuw."))  # fmt: skip

    submission = Submission.objects.filter(form_token=token_id).first()
    if submission is None:  # not a double click or a resent form
        try:
            submission = save(request, form, found, token_id)
        except EventFull as full:
            following = full.event.next_of_its_kind()
            message = (
                _("Deze activiteit is helaas vol.")
                if following
                else _(
                    "Deze activiteit is helaas vol. Laat {jouw} gegevens achter via het algemene "
                    "formulier, dan laten we het {jou} weten als er een nieuwe datum is."
                )
            )
            return show(request, fresh(request, form, found), message, following)
        except IntegrityError:  # the same form sent twice at the very same moment
            submission = Submission.objects.filter(form_token=token_id).first()
            if submission is None:
                raise
        else:
            submission.send_confirmation()
            submission.notify_admissions()
    request.session[SESSION_LAST] = submission.pk
    if submission.target_group_id:
        set_tone(request, tone_by_slug(submission.target_group.active_tone.slug))
    return redirect("leads:thanks")


def save(request, form, found, token_id):
    data = form.cleaned_data
    group = data.get("target_group") or found["target_group"]
    persona = found["persona"] or (group.persona if group else None)
    programmes = list(data.get("programmes") or [])
    if found["programme"] is not None and found["programme"] not in programmes:
        programmes.append(found["programme"])
    tracked = attribution.for_submission(request)
    details = {
        "target_group": group,
        "persona": persona,
        "tone": request.tone if request.tone.pk else None,  # None: the built-in neutral tone
        "intent": Submission.Intent.EVENT if found["event"] else data.get("intent", "information"),
        "event": found["event"],
        "page_path": urlsplit(request.META.get("HTTP_REFERER", "")).path[:500],
        "channel": ChannelRule.channel_for(tracked["utm_source"] or tracked["first_utm_source"],
                                           tracked["utm_medium"] or tracked["first_utm_medium"]),
        **tracked,
        **{name: data[name] for name in ("education", "employer", "employer_is_mkb",
                                         "hours_per_week", "preferred_start", "message")
           if data.get(name) not in (None, "")},
    }  # fmt: skip
    contact = {name: data[name] for name in ("first_name", "last_name", "email", "phone")}
    consents = {"contact": data["consent_contact"], "newsletter": data["consent_newsletter"],
                "partners": data["consent_partners"]}  # fmt: skip
    return Submission.record(contact, details, programmes, consents, token_id)


def fresh(request, form, found):
    """The same form with what the visitor typed, but a new token so a resend can succeed."""
    data = request.POST.copy()
    data["token"] = spam.new_token()
    again = lead_form(request, **found, data=data)
    again.is_valid()
    return again


def show(request, form, message="", next_event=None):
    context = {"form": form, "message": request.tone.render(message), "next_event": next_event}
    return render(request, "leads/interest.html", context)


def thanks(request):
    submission = None
    if request.session.get(SESSION_LAST):
        submission = (
            Submission.objects.select_related("event").filter(pk=request.session[SESSION_LAST])
            .first()
        )  # fmt: skip
    return render(request, "leads/thanks.html", {"submission": submission})


def too_many(request):
    message = _(
        "Vanaf dit adres zijn in korte tijd veel formulieren verstuurd. Probeer het over een uur "
        "opnieuw, of mail ons: dan helpen we {jou} meteen."
    )
    email = settings.SCHOOL_EMAIL
    mail_us = [(f"mailto:{email}", email)]
    return error_page(request, 429, message=request.tone.render(message), links=mail_us)
