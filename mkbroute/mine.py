"""/mijn/: a person's own page, opened by the personal link in our mails to them
(mkbroute.lib.personal_links). It shows what we store about them, from the leads app and
from the employers app (introductions to werkplekken), so it is the project's."""

from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from employers.models import Introduction
from leads.mails import mail_tone
from leads.models import LINKS, lead_for_link

from .lib.personal_links import opened_by_link


def own_page(view):
    """A person's own page, in the tone they last wrote to us in: view(request, lead, ...)."""

    @opened_by_link(LINKS, lead_for_link)
    def in_their_tone(request, lead, *args, **kwargs):
        latest = lead.submissions.select_related("tone").order_by("-created_at").first()
        request.tone = mail_tone(latest.tone if latest else None)
        return view(request, lead, *args, **kwargs)

    return in_their_tone


def stored(lead):
    """What the page shows: every submission with its programmes, consents and event."""
    submissions = lead.submissions.select_related("event", "tone", "persona").prefetch_related(
        "programmes", "consents"
    )
    introductions = Introduction.objects.filter(lead=lead).select_related("werkplek__employer")
    return {
        "lead": lead,
        "submissions": submissions,
        "introductions": introductions,
        "history": lead.history.all()[:20],
    }


@require_http_methods(["GET", "HEAD"])
@own_page
def mine(request, lead):
    return render(request, "pages/mine.html", stored(lead))
