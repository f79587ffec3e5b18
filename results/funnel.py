"""The cookieless funnel: visits and lead-form views counted per day, page, tone and channel.

A visit is a GET of a public page (200, HTML) that did not come from a page of this site: the
landing of a visit. Nothing about the visitor is kept: no cookie, no address, no row per
person; only one added to a sum in the worker's memory, which reaches the shared cache about
once a second (mkbroute.lib.counters) and which the task worker folds into FunnelDay rows. Known
bots and browsers that send "DNT: 1" are not counted.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from leads.attribution import SKIPPED_PREFIXES
from leads.models import ChannelRule
from mkbroute.lib import counters, visitors
from mkbroute.lib.urls import split_sent
from personas.models import Channel

from .models import FoldedHour, FunnelDay

VISIT, FORM_VIEW = "visit", "form"
KINDS = {VISIT: "visits", FORM_VIEW: "form_views"}
NOT_PAGES = (*SKIPPED_PREFIXES, "/favicon.ico", "/.well-known/")
# Every lead form carries its one-time token; no other page has a field of that name.
LEAD_FORM = b'name="token"'


def is_counted(request, response):
    if not (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and not request.path.startswith(NOT_PAGES)
        and not getattr(request, "page_is_private", False)
        and visitors.countable(request)
    ):
        return False
    # Staff looking at the site are no visitors; only a session cookie can make one of them.
    signed_in = settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated
    return not signed_in


def host_of(url):
    return (split_sent(url).hostname or "").removeprefix("www.")


def channel_of(rules, source, medium, referrer_host):
    """The channel by the rules: from utm_source and utm_medium, else from the referring
    site (a rule whose utm_source is its host name, with or without www.)."""
    channel = ChannelRule.channel_id_in(rules, source, medium)
    if channel is None and referrer_host:
        channel = ChannelRule.channel_id_in(rules, referrer_host)
    return channel


def visit_channel(request, referrer):
    get = request.GET
    return channel_of(
        ChannelRule.table(), get.get("utm_source"), get.get("utm_medium"), host_of(referrer)
    )


def visit_so_far_channel(request):
    """The channel of the visit a page belongs to: as its submit would be attributed."""
    stored = getattr(request, "attribution", None)
    if not stored:
        return visit_channel(request, request.META.get("HTTP_REFERER", ""))
    utm = stored.get("last") or stored.get("first") or {}
    source, medium = utm.get("utm_source"), utm.get("utm_medium")
    host = stored.get("referrer_host", "").removeprefix("www.")
    return channel_of(ChannelRule.table(), source, medium, host)


def count(request, response):
    """One for a landing, one for a page with a lead form: in memory, no round trip."""
    referrer = request.META.get("HTTP_REFERER", "")
    own_host = request.get_host().partition(":")[0].removeprefix("www.")
    landing = host_of(referrer) != own_host
    with_form = LEAD_FORM in response.content
    if not (landing or with_form):
        return
    path, tone = request.path[:200], request.tone.slug
    channel = visit_channel(request, referrer) if landing else visit_so_far_channel(request)
    kinds = [VISIT] * landing + [FORM_VIEW] * with_form
    counters.count(*[(kind, (path, tone, channel)) for kind in kinds])


class FunnelMiddleware:
    """Counts visits and lead-form views; below the page cache's view wrapper, so that it
    sees cached pages too, and after ToneMiddleware, so that it knows the page's tone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.FUNNEL_COUNTING and is_counted(request, response):
            count(request, response)
        return response


def day_of(hour):
    return timezone.localdate(counters.hour_start(hour))


def recent_hours():
    """The hours whose counters may still be in the cache and are not folded yet."""
    now = counters.current_hour()
    first = now - counters.KEEP // counters.HOUR
    folded = set(FoldedHour.objects.filter(hour__gte=first).values_list("hour", flat=True))
    return [hour for hour in range(first, now + 1) if hour not in folded]


def unfolded(hours):
    """{(kind, day, path, tone, channel id): n} in the cache for these hours."""
    figures = {}
    for kind in KINDS:
        for (hour, (path, tone, channel)), n in counters.counted(kind, hours).items():
            key = (kind, day_of(hour), path, tone, channel)
            figures[key] = figures.get(key, 0) + n
    return figures


def next_fold_at():
    """When the hour now running has closed."""
    next_hour = counters.hour_start(counters.current_hour() + 1)
    return next_hour + datetime.timedelta(seconds=counters.GRACE + 1)


def fold(now=None):
    """Fold every closed hour not folded yet into FunnelDay rows; the number of hours."""
    closed = counters.closed_hours(now=now)
    done = set(FoldedHour.objects.filter(hour__gte=closed.start).values_list("hour", flat=True))
    return sum(fold_hour(hour) for hour in closed if hour not in done)


def fold_hour(hour):
    """Add one closed hour to the rows, unless a worker did already: True if this one did."""
    figures = unfolded([hour])
    with transaction.atomic():
        _row, new = FoldedHour.objects.get_or_create(hour=hour)
        if not new:
            return False
        # A channel deleted since it was counted: its visits still count, without channel.
        ids = {key[4] for key in figures if key[4]}
        known = set(Channel.objects.filter(pk__in=ids).values_list("pk", flat=True))
        for (kind, day, path, tone, channel), n in figures.items():
            channel = channel if channel in known else None
            add_to_day(KINDS[kind], n, day=day, path=path, tone=tone, channel_id=channel)
    return True


def add_to_day(field, n, **combination):
    rows = FunnelDay.objects.filter(**combination)
    if not rows.update(**{field: F(field) + n}):
        FunnelDay.objects.create(**combination, **{field: n})
