"""The results page's figures as it computed them from every submission on each request,
before they came from the daily rows: kept as the reference the rows must equal."""

import datetime
from urllib.parse import urlsplit

from django.db.models import Count
from django.db.models.functions import TruncDate, TruncWeek
from django.utils import timezone

from leads.models import Lead, Submission
from personas.models import Tone
from results.matrix import weeks_in


def as_range(start, end):
    tz = timezone.get_current_timezone()
    return (
        datetime.datetime.combine(start, datetime.time.min, tzinfo=tz),
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz),
    )


def lead_page(landing_path, page_path):
    return urlsplit(landing_path).path[:200] or page_path[:200]


def leads_per_row(start, end):
    """{(day, page, tone slug, channel id): leads}"""
    table = {}
    default_tone = Tone.objects.default().slug
    zone = timezone.get_current_timezone()
    submissions = Submission.objects.filter(created_at__date__range=(start, end)).order_by()
    by_row = submissions.annotate(day=TruncDate("created_at", tzinfo=zone)).values(
        "day", "landing_path", "page_path", "tone__slug", "channel"
    )
    for row in by_row.annotate(n=Count("lead", distinct=True)):
        page = lead_page(row["landing_path"], row["page_path"])
        key = (row["day"], page, row["tone__slug"] or default_tone, row["channel"])
        table[key] = table.get(key, 0) + row["n"]
    return table


def leads_per_cell(start, end):
    submissions = Submission.objects.filter(created_at__range=as_range(start, end)).order_by()

    def count(*fields):
        rows = submissions.values(*fields).annotate(n=Count("lead", distinct=True))
        return {tuple(row[f] for f in fields): row["n"] for row in rows}

    cells = count("target_group", "channel")
    rows = {key[0]: n for key, n in count("target_group").items()}
    columns = {key[0]: n for key, n in count("channel").items()}
    total = submissions.aggregate(n=Count("lead", distinct=True))["n"]
    return cells, rows, columns, total


def weekly_by_persona(start, end):
    weeks = weeks_in(start, end)
    today = end
    first = today - datetime.timedelta(days=today.weekday(), weeks=weeks - 1)
    starts = [first + datetime.timedelta(weeks=n) for n in range(weeks)]
    after, before = as_range(first, today)
    since = Submission.objects.filter(created_at__gte=after, created_at__lt=before).order_by()
    by_week = since.annotate(week=TruncWeek("created_at")).values("week", "persona__name")
    counts = by_week.annotate(n=Count("lead", distinct=True))
    series = {}
    for row in counts:
        week = row["week"].date() if hasattr(row["week"], "date") else row["week"]
        name = row["persona__name"] or "Zonder persona"
        series.setdefault(name, dict.fromkeys(starts, 0))
        if week in series[name]:
            series[name][week] += row["n"]
    return starts, {name: list(values.values()) for name, values in sorted(series.items())}


def per_status(start, end):
    leads = Lead.objects.filter(created_at__range=as_range(start, end)).order_by()
    counts = dict(leads.values_list("status").annotate(n=Count("pk")))
    return [(status.label, counts.get(status.value, 0)) for status in Lead.Status]
