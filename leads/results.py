"""Counts for the communication matrix and the dashboard: numbers only, never a person."""

import datetime

from django.db.models import Count
from django.db.models.functions import TruncWeek
from django.utils import timezone

from .models import Lead, Submission


def recruitment_year_start(today):
    """The recruitment year runs from 1 October."""
    year = today.year if today >= datetime.date(today.year, 10, 1) else today.year - 1
    return datetime.date(year, 10, 1)


def as_range(start, end):
    """Dates (inclusive) as aware datetimes for a created_at range filter."""
    tz = timezone.get_current_timezone()
    return (
        datetime.datetime.combine(start, datetime.time.min, tzinfo=tz),
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz),
    )


def leads_per_cell(start, end):
    """{(target_group_id, channel_id): leads}, plus row and column totals and the total."""
    submissions = Submission.objects.filter(created_at__range=as_range(start, end)).order_by()

    def count(*fields):
        rows = submissions.values(*fields).annotate(n=Count("lead", distinct=True))
        return {tuple(row[f] for f in fields): row["n"] for row in rows}

    cells = count("target_group", "channel")
    rows = {key[0]: n for key, n in count("target_group").items()}
    columns = {key[0]: n for key, n in count("channel").items()}
    total = submissions.aggregate(n=Count("lead", distinct=True))["n"]
    return cells, rows, columns, total


def weekly_by_persona(weeks=26, today=None):
    """Week starts and, per persona name, the leads that came in each of those weeks."""
    today = today or timezone.localdate()
    first = today - datetime.timedelta(days=today.weekday(), weeks=weeks - 1)
    starts = [first + datetime.timedelta(weeks=n) for n in range(weeks)]
    counts = (
        Submission.objects.filter(created_at__gte=as_range(first, today)[0]).order_by()
        .annotate(week=TruncWeek("created_at")).values("week", "persona__name")
        .annotate(n=Count("lead", distinct=True))
    )  # fmt: skip
    series = {}
    for row in counts:
        week = row["week"].date() if hasattr(row["week"], "date") else row["week"]
        name = row["persona__name"] or "Zonder persona"
        series.setdefault(name, dict.fromkeys(starts, 0))
        if week in series[name]:
            series[name][week] += row["n"]
    return starts, {name: list(values.values()) for name, values in sorted(series.items())}


def funnel(start, end):
    """Leads that came in during the period, per status, in the order of the funnel."""
    counts = dict(
        Lead.objects.filter(created_at__range=as_range(start, end)).order_by()
        .values_list("status").annotate(n=Count("pk"))
    )  # fmt: skip
    return [(status.label, counts.get(status.value, 0)) for status in Lead.Status]
