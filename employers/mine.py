"""/werkgevers/mijn/: an employer's own page, opened by the personal link in our mails to its
contact person (mkbroute.lib.personal_links), and the page that mails a new link."""

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from leads import outbox
from mkbroute.lib.personal_links import link_request, opened_by_link
from mkbroute.lib.queries import Prepared
from mkbroute.lib.urls import url_maker

from . import mails
from .models import LINKS, Employer, EmployerHistory, Introduction, Werkplek, employer_for_link
from .pending import WerkplekChange
from .tone import in_employer_tone


def own_page(view):
    """An employer's own page, in the u-tone: view(request, employer, ...)."""
    return in_employer_tone(opened_by_link(LINKS, employer_for_link)(view))


def places_of(employer_pk):
    """The employer's places for the overview, a row each with its counts: what a place holds
    besides (programmes, introductions, the form) is on its own page."""
    change = WerkplekChange.objects.filter(werkplek=OuterRef("pk"))
    return (
        Werkplek.objects.filter(employer=employer_pk)
        .order_by("-created_at")
        .only(*OVERVIEW)
        .annotate(
            reply_count=Count("replies", distinct=True),
            introduction_count=Count("introductions", distinct=True),
            waiting_count=Count("introductions", filter=WAITING, distinct=True),
            change_waits=Exists(change),
        )
    )


def history_of(employer_pk):
    """The latest of what happened to the employer, for the overview."""
    return EmployerHistory.objects.filter(employer=employer_pk).select_related("werkplek")[:20]


# The overview asks these on every visit: their SQL is built once (mkbroute.lib.queries).
overview_places, overview_history = Prepared(places_of), Prepared(history_of)


WAITING = Q(introductions__status=Introduction.Status.PROPOSED)

# What a row of the overview shows of a place (and from_db and the freshness question read).
OVERVIEW = [
    "employer_id",
    "title",
    "slug",
    "status",
    "confirmed_at",
    "asked_at",
    "open_until",
    "screened_at",
]


def waiting_introductions(employer):
    """The introductions the employer has not answered yet, with what the answer needs."""
    introductions = Introduction.objects.for_employer_page().select_related("werkplek")
    introductions = introductions.filter(
        werkplek__employer=employer, status=Introduction.Status.PROPOSED
    )
    return introductions.order_by("proposed_at")


@require_http_methods(["GET", "HEAD"])
@own_page
def mine(request, employer):
    places = overview_places(employer.pk)
    waiting = any(werkplek.waiting_count for werkplek in places)
    own_url = url_maker("employers:edit_place")
    for werkplek in places:
        werkplek.employer = employer  # read by is_public, without a query a row
        werkplek.own_url = own_url(werkplek.slug)
    context = {
        "employer": employer,
        "werkplekken": places,
        "asked": [werkplek for werkplek in places if werkplek.asked_whether_open],
        # Most days nothing waits: the query that reads what the answers need is skipped.
        "introductions": waiting_introductions(employer) if waiting else [],
        "history": overview_history(employer.pk),
    }
    return render(request, "employers/mine.html", context)


def send_link(email):
    """Queue the personal link to the contact person of every employer with this address."""
    employers = Employer.objects.filter(contact_email__iexact=email)
    with transaction.atomic():
        for employer in employers.exclude(status=Employer.Status.STOPPED):
            outbox.queue_again(mails.personal_link, employer.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@in_employer_tone
def link(request):
    return link_request(request, LINKS, send_link, "employers/link_request.html")
