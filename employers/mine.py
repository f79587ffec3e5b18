"""/werkgevers/mijn/: an employer's own page, opened by the personal link in our mails to its
contact person (mkbroute.lib.personal_links), and the page that mails a new link."""

from django.db import transaction
from django.db.models import Count, Prefetch
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from leads import outbox
from mkbroute.lib.personal_links import link_request, opened_by_link

from . import mails
from .models import LINKS, Employer, Introduction, employer_for_link
from .tone import in_employer_tone


def own_page(view):
    """An employer's own page, in the u-tone: view(request, employer, ...)."""
    return in_employer_tone(opened_by_link(LINKS, employer_for_link)(view))


def places_of(employer):
    """The employer's places, each with its programmes and its introductions as a plain list
    (introduction_list): the page lists many places, and a list costs the template nothing
    to read, where a related manager is made anew for each place."""
    introductions = Introduction.objects.for_employer_page().order_by("-proposed_at")
    return (
        employer.werkplekken.order_by("-created_at")
        .select_related("pending_change")
        .annotate(reply_count=Count("replies", distinct=True))
        .prefetch_related(
            "programmes",  # also read by a pending change's differences
            Prefetch("introductions", queryset=introductions, to_attr="introduction_list"),
        )
    )


@require_http_methods(["GET", "HEAD"])
@own_page
def mine(request, employer):
    context = {
        "employer": employer,
        "werkplekken": places_of(employer),
        "history": employer.history.select_related("werkplek")[:20],
    }
    return render(request, "employers/mine.html", context)


def send_link(email):
    """Queue the personal link to the contact person of every employer with this address."""
    employers = Employer.objects.filter(contact_email__iexact=email)
    with transaction.atomic():
        for employer in employers.exclude(status=Employer.Status.STOPPED):
            outbox.queue_again(mails.personal_link, employer.pk)


@require_http_methods(["GET", "POST"])
@in_employer_tone
def link(request):
    return link_request(request, LINKS, send_link, "employers/link_request.html")
