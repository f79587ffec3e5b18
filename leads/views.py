"""The lead form (GET shows, POST validates and stores, then redirects to the thank-you page,
which the project package composes: mkbroute/views.py)."""

import datetime

from django.core import signing
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from mkbroute.lib.cache import cache_per_tone, confirm_query
from mkbroute.lib.personal_links import link_request
from personas.tone import set_tone, tone_by_slug

from . import mails, outbox, spam
from .forms import LeadForm
from .models import (
    CONFIRM_SALT,
    LINK_DAYS,
    LINKS,
    WITHDRAW_SALT,
    EventFull,
    Lead,
    Submission,
)

SESSION_LAST = "last_submission"
# The thank-you page is reached with this marker after a submit; without it (a bookmark, a
# shared link) nothing was sent, and the page says so instead of thanking for nothing.
SENT = "verzonden"


# The form page is the same for everyone with the same link and tone: cached like other pages,
# with the CSRF and form tokens filled in per visitor.
@require_http_methods(["GET", "POST"])
@cache_per_tone(query=LeadForm.QUERY, places=False)
def interest(request):
    if request.method == "GET":
        form = LeadForm.from_query(request.GET, request.tone)
        if form.took_query(request.GET):
            confirm_query(request)
        return show(request, form)
    return receive(request, LeadForm(request.POST, tone=request.tone), show)


def receive(request, form, show_again):
    """A sent lead form, on any page that has one: validated, stored with the mails it owes,
    and on to the thank-you page. show_again(request, form, message, next_event) renders the
    form again with what was wrong."""
    refused = spam.guard(request, form)
    if refused is not None:
        return refused
    if not form.is_valid():
        return show_again(request, form)
    try:
        saved = form.save(request)  # its mails are queued with it
    except EventFull as full:
        following = full.event.next_of_its_kind()
        return show_again(request, form, event_full_message(following), following)
    if saved is None:  # the form was sent before, for someone else: the form says so
        return show_again(request, form)
    submission, _created = saved
    # Most thank-you pages are the same for everyone in a tone, from the page cache, and a
    # visitor without a session gets none. Only a page that is this person's own (see
    # Submission.has_own_thanks) needs the session to find the submission again.
    if submission.has_own_thanks():
        request.session[SESSION_LAST] = submission.pk
    else:
        request.session.pop(SESSION_LAST, None)  # an earlier sign-up's page is no longer theirs
    if submission.target_group_id:
        set_tone(request, tone_by_slug(submission.target_group.active_tone.slug))
    return redirect(thanks_url())


def thanks_url():
    return f"{reverse('thanks')}?{SENT}=1"


def event_full_message(following):
    if following:
        return _("Deze activiteit is helaas vol.")
    return _(
        "Deze activiteit is helaas vol. Laat {jouw} gegevens achter via het algemene "
        "formulier, dan laten we het {jou} weten als er een nieuwe datum is."
    )


def show(request, form, message="", next_event=None):
    context = {"form": form, "message": request.tone.render(message), "next_event": next_event}
    return render(request, "leads/interest.html", context)


def signed_pk(token, salt, max_age=None):
    try:
        return int(signing.loads(token, salt=salt, max_age=max_age))
    except (signing.BadSignature, TypeError, ValueError):
        return None


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """The link in the mail: newsletter and sharing start only when the person confirms here.

    A GET only asks, so that a mail scanner that follows links confirms nothing.
    """
    max_age = datetime.timedelta(days=LINK_DAYS)
    pk = signed_pk(token, CONFIRM_SALT, max_age)
    submission = Submission.objects.filter(pk=pk).first() if pk else None
    if submission is None:
        return consent_page(request, "invalid", status=400)
    if request.method == "POST":
        submission.confirm_consents()
        return consent_page(request, "confirmed")
    waiting = submission.consents.awaiting_confirmation()
    return consent_page(request, "confirm" if waiting else "nothing", consents=waiting)


# Mail programs send the one-click POST of RFC 8058 (List-Unsubscribe-Post) without a form of
# ours, so it carries no CSRF token: the signed token in the address is what authorises it.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def withdraw(request, token):
    """Withdraw every consent: in effect, waiting, or for contact.

    A GET only asks: mail scanners open every link in a mail before the person does, and a
    withdrawal they trigger would silently end what the person asked for. The button on the
    page, and a mail program's one-click unsubscribe, POST.
    """
    pk = signed_pk(token, WITHDRAW_SALT)
    lead = Lead.objects.filter(pk=pk).first() if pk else None
    if lead is None:
        return consent_page(request, "invalid", status=400)
    if request.method == "POST":
        lead.withdraw_consents()
        return consent_page(request, "withdrawn")
    return consent_page(request, "withdraw")


def consent_page(request, state, status=200, consents=()):
    response = render(
        request, "leads/consent.html", {"state": state, "consents": consents}, status=status
    )
    add_never_cache_headers(response)
    return response


def send_link(email):
    """Queue the personal link to the person with this mailbox, if we know them."""
    with transaction.atomic():
        for lead in Lead.objects.for_email(email):
            outbox.queue_again(mails.personal_link, lead.pk)


@require_http_methods(["GET", "POST"])
def link(request):
    return link_request(request, LINKS, send_link, "leads/link_request.html")
