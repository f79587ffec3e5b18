"""/mijn/: a person's own page, opened by the personal link in our mails to them
(mkbroute.lib.personal_links). It shows what we store about them, from the leads app and
from the employers app (introductions to werkplekken), so it is the project's; and it takes
what they change themselves: their details, a consent, an event sign-up, or everything.

Every change is a POST from the page, recorded in the person's history "via persoonlijke
link", and answered with a redirect back and a message in their tone."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from employers.alerts import Alert
from employers.models import Introduction
from leads.models import LINKS, Consent, PersonHistory, for_own_page, lead_for_link
from leads.own import DetailsForm, EraseForm, Stored
from personas.tone import tone_by_slug

from . import privacy
from .lib.personal_links import end_session, opened_by_link
from .lib.queries import which_exist
from .lib.urls import url_maker


def own_page(view):
    """A person's own page, in the tone they last wrote to us in: view(request, lead, ...)."""

    @opened_by_link(LINKS, lead_for_link)
    def in_their_tone(request, lead, *args, **kwargs):
        # Looked up when first used: the page itself finds it among the submissions it shows.
        request.tone = SimpleLazyObject(lambda: their_tone(lead))
        return view(request, lead, *args, **kwargs)

    return in_their_tone


def their_tone(lead, latest=None):
    """The tone of their latest submission (or latest, that submission), from the cache;
    the default tone for someone without a submission or who wrote in none."""
    if latest is None:
        slugs = lead.submissions.order_by("-created_at", "-pk").values_list("tone__slug")
        slug = (slugs.first() or [None])[0]
    else:
        slug = latest.tone.slug if latest.tone_id else None
    return tone_by_slug(slug)


def stored(lead):
    """What the page shows: every submission with its programmes, consents and event, their
    introductions, alerts and history; of what these refer to (a werkplek, an employer, a
    programme, a member of staff) only the columns the page reads. Of introductions, alerts
    and history one query first asks which there are: many people have none of them."""
    submissions = for_own_page(lead.pk)
    has_introductions, has_alerts, has_history = which_exist(
        (Introduction, "lead", lead.pk),
        (Alert, "email_key", lead.email_key),
        (PersonHistory, "lead", lead.pk),
    )
    introductions = alerts = history = ()
    if has_introductions:
        introductions = (
            Introduction.objects.filter(lead=lead)
            .select_related("werkplek__employer")
            .only(*columns(Introduction), "werkplek__title", "werkplek__employer__name")
        )
    if has_alerts:
        alerts = Alert.objects.for_mailbox(lead.email_key).only(*columns(Alert), "programme__name")
    if has_history:
        history = lead.history.select_related("by").only(*columns(PersonHistory), "by__username")
    return {
        "lead": lead,
        "submissions": submissions,
        "stored": Stored(submissions, url_maker("mine_withdraw_consent")),
        "signups": [submission for submission in submissions if submission.event_id],
        "introductions": introductions,
        "alerts": alerts,
        "history": history[:20],
    }


def columns(model):
    return [field.name for field in model._meta.concrete_fields]


def page(request, lead, details_form=None):
    context = stored(lead)
    submissions = context["submissions"]
    if submissions:
        request.tone = their_tone(lead, latest=submissions[0])  # newest first
    if details_form is None:
        details_form = DetailsForm(lead=lead, submissions=submissions, tone=request.tone)
    context["details_form"] = details_form
    return render(request, "pages/mine.html", context)


@require_http_methods(["GET", "HEAD"])
@own_page
def mine(request, lead):
    return page(request, lead)


def told(request, message, **values):
    """Back to the page, which tells the person what happened, in their tone; values are
    filled in after the tone's words, as they are someone's text (an event's title)."""
    messages.success(request, request.tone.render(message) % values)
    return redirect("mine")


@require_POST
@own_page
def details(request, lead):
    submissions = list(lead.submissions.all())
    form = DetailsForm(request.POST, lead=lead, submissions=submissions, tone=request.tone)
    if not form.is_valid():
        return page(request, lead, form)
    if not lead.correct(form.cleaned_data):
        return told(request, _("Er was niets veranderd."))
    return told(request, _("{Jouw} gegevens zijn bijgewerkt."))


@require_POST
@own_page
def withdraw_consent(request, lead, pk):
    theirs = Consent.objects.filter(submission__lead=lead).select_related("submission")
    consent = get_object_or_404(theirs, pk=pk)  # someone else's is not found
    if not consent.withdrawable:
        return told(request, _("Deze toestemming was al ingetrokken."))
    consent.withdraw()
    purpose = consent.get_purpose_display()
    lead.record(_("Toestemming ingetrokken: %(purpose)s") % {"purpose": purpose})
    return told(request, _("{Jouw} toestemming “%(purpose)s” is ingetrokken."), purpose=purpose)


@require_POST
@own_page
def cancel_signup(request, lead, pk):
    signup = get_object_or_404(lead.submissions.select_related("event"), pk=pk)
    if not signup.cancellable:
        return told(request, _("Deze aanmelding kan niet (meer) worden geannuleerd."))
    signup.cancel_signup()
    event = str(signup.event)
    lead.record(_("Aanmelding geannuleerd: %(event)s") % {"event": event})
    message = _("{Jouw} aanmelding voor %(event)s is geannuleerd: de plek is vrij voor een ander.")
    return told(request, message, event=event)


@require_POST
@own_page
def remove_alert(request, lead):
    value = request.POST.get("alert", "")
    # Made up ("²" is a digit to isdigit(), not to int()): none of theirs.
    pk = int(value) if value.isascii() and value.isdigit() and len(value) < 10 else 0
    alerts = Alert.objects.for_mailbox(lead.email_key).filter(pk=pk)
    if not alerts.forget():
        return told(request, _("Deze mail over nieuwe werkplekken was al gestopt."))
    lead.record(_("Mail over nieuwe werkplekken gestopt"))
    return told(request, _("{Je} krijgt deze mail over nieuwe werkplekken niet meer."))


@require_http_methods(["GET", "HEAD", "POST"])
@own_page
def erase(request, lead):
    """Step one shows exactly what goes; step two, a POST with the box ticked, erases it as
    `manage.py privacy erase` does. Then the link is dead and the session gone."""
    form = EraseForm(request.POST if request.method == "POST" else None, tone=request.tone)
    if not form.is_valid():
        context = {"lead": lead, "form": form, "going": privacy.what_goes(lead)}
        return render(request, "pages/mine/erase.html", context)
    privacy.erase_person(lead.email, privacy.VIA_LINK)
    request.session.flush()
    return end_session(render(request, "pages/mine/erased.html"), LINKS)
