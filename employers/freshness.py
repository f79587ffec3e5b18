"""Freshness: a place stays on the site only while its employer says it is still open.

ASK_AFTER_DAYS after the last confirmation (Werkplek.confirmed_at) the employer is asked, in
one mail listing every place of theirs that is due; a place not confirmed within
ANSWER_WITHIN_DAYS of the question leaves the site as "niet bevestigd", until its employer
confirms it back. Days are calendar days (Europe/Amsterdam): a place confirmed on 1 March is
asked about on 31 March and leaves on 14 April, at the daily run (mkbroute/tasks.py).

The daily step decides from what is stored, so it is safe to run any number of times: a
question later than the last confirmation (Werkplek.asked_at) is one still waiting.
"""

import datetime
from collections import defaultdict

from django.contrib import messages
from django.db import transaction
from django.db.models import F, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leads import outbox
from mkbroute.lib.content import new_content_version

from . import mails
from .mine import own_page
from .models import ANSWER_WITHIN_DAYS, ASK_AFTER_DAYS, EmployerHistory, Werkplek


def start_of(day):
    """The first moment of a day, in the site's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def unanswered():
    """Places whose employer was asked after the last confirmation."""
    return Werkplek.objects.filter(asked_at__gt=F("confirmed_at"))


def ask(today):
    """Ask the employer of each public place last confirmed ASK_AFTER_DAYS or more ago, one
    mail per employer; the number of places asked about."""
    confirmed_before = start_of(today - datetime.timedelta(days=ASK_AFTER_DAYS - 1))
    due = Werkplek.objects.public(today).filter(confirmed_at__lt=confirmed_before)
    due = due.filter(Q(asked_at=None) | Q(asked_at__lte=F("confirmed_at")))
    per_employer = defaultdict(list)
    for pk, employer_id in due.values_list("pk", "employer_id"):
        per_employer[employer_id].append(pk)
    asked = 0
    for employer_id, pks in per_employer.items():
        with transaction.atomic():
            # Again the condition: a confirmation (or another run) meanwhile wins.
            rows = Werkplek.objects.filter(pk__in=pks).exclude(asked_at__gt=F("confirmed_at"))
            now = timezone.now()
            if not rows.update(asked_at=now):
                continue
            places = Werkplek.objects.filter(pk__in=pks, asked_at=now)
            EmployerHistory.objects.bulk_create(
                EmployerHistory(
                    employer_id=employer_id,
                    werkplek=place,
                    what=_("Gevraagd of de werkplek nog open is"),
                )
                for place in places
            )
            asked += len(places)
            outbox.queue_again(mails.freshness_question, employer_id)
    return asked


def expire(today):
    """Take the places off the site whose question went unanswered for ANSWER_WITHIN_DAYS:
    status "niet bevestigd"; the number."""
    asked_before = start_of(today - datetime.timedelta(days=ANSWER_WITHIN_DAYS - 1))
    due = unanswered().filter(status=Werkplek.Status.OPEN, asked_at__lt=asked_before)
    expired = 0
    for werkplek in due.select_related("employer"):
        with transaction.atomic():
            # Conditional: the employer may be confirming it at this very moment.
            still = unanswered().filter(pk=werkplek.pk, status=Werkplek.Status.OPEN)
            if still.update(status=Werkplek.Status.UNCONFIRMED):
                what = _("Van de site gehaald: niet bevestigd dat de werkplek nog open is")
                werkplek.employer.record(what, via_link=False, werkplek=werkplek)
                expired += 1
    if expired:
        new_content_version(places=True)  # the places left the public pages
    return expired


def daily(today=None):
    """The daily step: ask, then expire. {what: number}, for the log and run_daily."""
    today = today or timezone.localdate()
    return {"werkplekken gevraagd": ask(today), "werkplekken offline": expire(today)}


# The employer's answer on /werkgevers/mijn/: "ja, nog open" or "sluiten", for a place that
# is due, awaiting its answer, or already off the site ("niet bevestigd": confirmed back).
ANSWERABLE = [Werkplek.Status.OPEN, Werkplek.Status.UNCONFIRMED]


@require_POST
@own_page
def still_open(request, employer, pk):
    werkplek = get_object_or_404(employer.werkplekken, pk=pk)
    answer = request.POST.get("antwoord")
    if werkplek.status not in ANSWERABLE:  # closed meanwhile, or the button pressed twice
        messages.error(request, _("Deze werkplek is al gesloten."))
        return back_to_place(werkplek)
    if answer == "open":
        was_off = werkplek.status == Werkplek.Status.UNCONFIRMED
        werkplek.status, werkplek.confirmed_at = Werkplek.Status.OPEN, timezone.now()
        what = _("Bevestigd: nog open")
        if was_off:
            message = _("Dank u: de werkplek staat weer open.")
        else:
            message = _("Dank u: de werkplek blijft open.")
    elif answer == "sluiten":
        werkplek.status = Werkplek.Status.CLOSED
        what, message = _("Gesloten"), _("De werkplek is gesloten en staat niet meer op de site.")
    else:
        messages.error(request, _("Kies of de werkplek nog open is of gesloten mag worden."))
        return back_to_place(werkplek)
    with transaction.atomic():
        # Through save, not update: the public pages change with it (mkbroute.lib.content).
        werkplek.save(update_fields=["status", "confirmed_at", "updated_at"])
        employer.record(what, werkplek=werkplek)
    messages.success(request, message)
    return back_to_place(werkplek)


def back_to_place(werkplek):
    """After a POST: back to the employer's page, which says what changed (303: a GET
    follows)."""
    response = redirect(reverse("employers:mine"))
    response.status_code = 303
    return response
