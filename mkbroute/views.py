"""Site-wide pages: home, the thank-you page after a form, robots.txt, security.txt, healthz."""

import datetime
import secrets
import sys

from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.static import serve

from employers import alerts, links, matching
from leads.models import PRIVACY_VERSION, Submission
from leads.outbox import Mail
from leads.views import SENT, SESSION_LAST
from personas.models import Persona
from programmes.models import Event, ImportRun, Programme

from .lib import tally
from .lib.cache import cache_per_tone, confirm_query
from .lib.errors import error_page, unavailable

# RFC 9116 advises an Expires less than a year ahead. Computed per request, it stays ahead as
# long as the site runs, with the contact from its settings.
SECURITY_TXT_VALID = datetime.timedelta(days=180)


@cache_per_tone(places=False)  # it links to the werkplekken, it shows none
def home(request):
    return render(
        request,
        "home.html",
        {
            "programmes": Programme.objects.published().for_cards()[:4],
            "events": Event.objects.next_cards(),
            "personas": Persona.objects.active(),
        },
    )


def thanks(request):
    """After a submit: the person's own page when it follows what they sent (their event, the
    werkplek they replied to, whether they have an employer), else the one page everyone in a
    tone gets."""
    pk = request.session.get(SESSION_LAST)
    submission = Submission.objects.select_related("event").filter(pk=pk).first() if pk else None
    if submission is None:
        return general_thanks(request)
    werkplek = links.replied_werkplek(submission)
    context = {
        "submission": submission,
        "werkplek": werkplek,
        "sent": True,
        "fitting_places": fitting(submission, werkplek),
    }
    return render(request, "pages/thanks.html", context)


def fitting(submission, replied=None):
    """Places that fit someone without an employer, besides the one they replied to, with no
    contact details of the employers (those go through admissions); None for everyone else."""
    if submission.has_employer is not False:
        return None
    profile = matching.Profile.of([submission])
    suggestions = matching.with_places(matching.suggest(profile))
    if replied is not None:
        suggestions = [s for s in suggestions if s.werkplek_id != replied.pk]
        if not suggestions:
            return None  # "nothing fits" would gainsay the place the page names
    return {"suggestions": suggestions, "profile": profile, "radius": matching.RADIUS_KM}


# Most submits end here, and the page is the same for everyone in a tone.
@cache_per_tone(query=(SENT,))
def general_thanks(request):
    sent = request.GET.get(SENT) == "1"
    if sent:
        confirm_query(request)
    return render(request, "pages/thanks.html", {"submission": None, "sent": sent})


@cache_per_tone
def privacy(request):
    context = {
        "privacy_version": PRIVACY_VERSION,
        "retention_months": settings.LEADS_RETENTION_DAYS // 30,
        "alert_unconfirmed_days": alerts.UNCONFIRMED_DAYS,
        "alert_retention_months": alerts.RETENTION_DAYS // 30,
        "alerts_per_mailbox": alerts.MAX_PER_MAILBOX,
    }
    return render(request, "pages/privacy.html", context)


@require_GET
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "", f"Sitemap: {sitemap}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def security_txt(request):
    """RFC 9116: whom to tell about a vulnerability, in Dutch or English."""
    expires = timezone.now().astimezone(datetime.UTC) + SECURITY_TXT_VALID
    lines = [
        f"Contact: {settings.SECURITY_CONTACT}",
        f"Expires: {expires:%Y-%m-%dT%H:%M:%SZ}",
        "Preferred-Languages: nl, en",
        f"Canonical: {request.build_absolute_uri(reverse('security_txt'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def database_answers():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def cache_answers():
    # A key of its own per check: parallel checks must not read each other's probe.
    key = f"healthz:{secrets.token_hex(8)}"
    cache.set(key, 1, timeout=10)
    answered = cache.get(key) == 1
    cache.delete(key)
    return answered


def mail_flows():
    """No mail has waited longer than HEALTH_MAIL_MAX_MINUTES: the worker runs and can send."""
    oldest = Mail.objects.oldest_pending()
    limit = datetime.timedelta(minutes=settings.HEALTH_MAIL_MAX_MINUTES)
    return oldest is None or timezone.now() - oldest < limit


def no_mail_unknown():
    """No mail waits for someone to decide whether to send it again: its SMTP transaction
    ended without an answer (leads/outbox.py), so it may or may not have arrived."""
    return not Mail.objects.unknown().exists()


def catalogue_synced():
    """When the catalogue comes from the school's OOAPI source (OOAPI_URL), an import
    succeeded within HEALTH_OOAPI_MAX_HOURS: a source that fails night after night is seen."""
    if not settings.OOAPI_URL:
        return True
    return ImportRun.objects.succeeded_within(settings.HEALTH_OOAPI_MAX_HOURS)


HEALTH_CHECKS = {
    "database": database_answers,
    "cache": cache_answers,
    "counters": tally.answers,
    "mail": mail_flows,
    "mail_unknown": no_mail_unknown,
    "ooapi": catalogue_synced,
}


def passes(check):
    try:
        return check()
    except Exception:  # whatever broke, the answer is "not healthy", never a 500
        return False


def failed_mails():
    """How many mails failed for good (given up, or refused by the mail server), for
    monitoring to alert on; None when it cannot be counted."""
    try:
        return Mail.objects.failed_for_good().count()
    except Exception:  # the database check says what is wrong
        return None


@never_cache
def healthz(request):
    """200 when the database, the cache, the counters (limits), the mail queue and (with
    OOAPI_URL) the import of the catalogue are fine; 503 naming what is not.

    Either way it counts the mails that failed for good: someone should look at them, but
    they are no reason to take the site out of the load balancer.
    """
    failed = [name for name, check in HEALTH_CHECKS.items() if not passes(check)]
    if failed:
        body = {"status": "unavailable", "failed": failed, "failed_mails": failed_mails()}
        return JsonResponse(body, status=503)
    return JsonResponse({"status": "ok", "failed_mails": failed_mails()})


@require_GET
def favicon(request):
    # Browsers ask for /favicon.ico on pages without an icon link, such as the admin.
    return redirect(static("favicon.svg"), permanent=True)


@require_GET
def media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


def bad_request(request, exception):
    return error_page(request, 400)


def permission_denied(request, exception):
    return error_page(request, 403)


def csrf_failure(request, reason=""):
    return error_page(request, "csrf", status=403)


def page_not_found(request, exception):
    return error_page(request, 404)


def server_error(request):
    # Kept free of database work: this page must render when the database is the problem.
    # An outage of the database (refused, gone, locked) is not a fault in a page: the
    # visitor is asked to come back, with a Retry-After, instead of told something broke.
    exception = sys.exc_info()[1]
    if isinstance(exception, (OperationalError, InterfaceError)):
        return unavailable(request)
    return error_page(request, 500)
