"""The communication matrix with its results, and the dashboard's figures: counts only."""

import datetime
from collections import Counter

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leads.models import Lead
from mkbroute.lib.spreadsheets import Column, Kind, chosen_format, spreadsheet_response
from personas.models import Channel, MatrixCell, Persona, TargetGroup

from .lead_days import NO_PERSONA
from .models import LeadDay, LeadStatusDay


def recruitment_year_start(today):
    """The recruitment year runs from 1 October."""
    year = today.year if today >= datetime.date(today.year, 10, 1) else today.year - 1
    return datetime.date(year, 10, 1)


def first_in_period(before, start):
    """A sum of the submissions that are their person's first in the period: those whose
    person had none before it (with the same key: see LeadDay)."""
    return Sum(
        "submissions", filter=Q(**{f"{before}__isnull": True}) | Q(**{f"{before}__lt": start})
    )


def leads_per_cell(start, end):
    """{(target_group_id, channel_id): leads}, plus row and column totals and the total: a
    person counts once in each, however often they wrote."""
    in_period = LeadDay.objects.filter(day__range=(start, end)).order_by()
    rows = in_period.values_list("target_group", "channel").annotate(
        in_cell=first_in_period("before_in_cell", start),
        in_group=first_in_period("before_in_group", start),
        in_channel=first_in_period("before_in_channel", start),
        at_all=first_in_period("before", start),
    )
    cells, groups, channels, total = {}, Counter(), Counter(), 0
    for group, channel, in_cell, in_group, in_channel, at_all in rows:
        if in_cell:
            cells[group, channel] = in_cell
        groups[group] += in_group or 0
        channels[channel] += in_channel or 0
        total += at_all or 0
    return cells, dict(+groups), dict(+channels), total


MAX_WEEKS = 104  # two recruitment years: more weeks would not fit the chart's width


def weeks_in(start, end):
    """The number of weeks (Monday to Sunday) that the period touches, at most MAX_WEEKS."""
    first_monday = start - datetime.timedelta(days=start.weekday())
    return max(1, min(MAX_WEEKS, (end - first_monday).days // 7 + 1))


def week_starts(weeks, today):
    """The Mondays of the last `weeks` weeks up to today."""
    first = today - datetime.timedelta(days=today.weekday(), weeks=weeks - 1)
    return [first + datetime.timedelta(weeks=n) for n in range(weeks)]


def leads_per_week(weeks, today):
    """{(week start, persona id): leads} in the last `weeks` weeks up to today: a person
    counts once a week per persona."""
    first = week_starts(weeks, today)[0]
    days = LeadDay.objects.filter(day__range=(first, today), first_for_persona_that_week=True)
    per_day = days.order_by().values_list("day", "persona").annotate(Sum("submissions"))
    counts = Counter()
    for day, persona, n in per_day:
        counts[day - datetime.timedelta(days=day.weekday()), persona] += n
    return dict(counts)


def weekly_by_persona(weeks=26, today=None, counts=None):
    """Week starts and, per persona name, the leads that came in each of those weeks."""
    today = today or timezone.localdate()
    starts = week_starts(weeks, today)
    counts = leads_per_week(weeks, today) if counts is None else counts
    names = dict(Persona.objects.values_list("pk", "name"))
    series = {}
    for (week, persona), n in counts.items():
        name = names.get(persona) or NO_PERSONA
        series.setdefault(name, dict.fromkeys(starts, 0))
        series[name][week] += n
    return starts, {name: list(values.values()) for name, values in sorted(series.items())}


def leads_per_status(start, end):
    """{status: leads} that came in during the period, by their status now."""
    days = LeadStatusDay.objects.filter(day__range=(start, end)).order_by()
    return dict(days.values_list("status").annotate(Sum("leads")))


def funnel(counts):
    """leads_per_status's counts as [(status label, leads)], in the order of the funnel."""
    return [(status.label, counts.get(status.value, 0)) for status in Lead.Status]


# Dates outside these years are typing errors, and would overflow a date-time range.
EARLIEST, LATEST = datetime.date(2000, 1, 1), datetime.date(2099, 12, 31)
OUT_OF_RANGE = _("Kies een datum tussen 2000 en 2099.")


def period_field(label):
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[
            MinValueValidator(EARLIEST, message=OUT_OF_RANGE),
            MaxValueValidator(LATEST, message=OUT_OF_RANGE),
        ],
    )


class PeriodForm(forms.Form):
    van = period_field(_("Van"))
    tot = period_field(_("Tot en met"))

    def clean(self):
        data = super().clean()
        if data.get("van") and data.get("tot") and data["van"] > data["tot"]:
            raise forms.ValidationError(_("De begindatum ligt na de einddatum."))
        return data


def period(query):
    today = timezone.localdate()
    default = {"van": recruitment_year_start(today), "tot": today}
    form = PeriodForm(query or None, initial=default)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["van"], form.cleaned_data["tot"]
    return form, default["van"], default["tot"]


def planned_or_with_leads(rows, totals):
    """The active groups or channels, and archived ones only while they have leads."""
    with_leads = [pk for pk, leads in totals.items() if pk is not None and leads]
    return list(rows.active() | rows.filter(pk__in=with_leads))


def build_matrix(counts):
    """The matrix of the plan with leads_per_cell's counts."""
    cells, row_totals, column_totals, total = counts
    # With their persona: the funnel's figures go by the persona's page.
    groups = planned_or_with_leads(TargetGroup.objects.select_related("persona"), row_totals)
    channels = planned_or_with_leads(Channel.objects.all(), column_totals)
    plans = {(c.target_group_id, c.channel_id): c for c in MatrixCell.objects.all()}
    if any(key[1] is None for key in cells):
        channels.append(Channel(name=str(_("Geen kanaal bekend"))))
    if any(key[0] is None for key in cells):
        groups.append(TargetGroup(name=str(_("Geen doelgroep bekend"))))
    rows = []
    for group in groups:
        row = []
        for channel in channels:
            leads = cells.get((group.pk, channel.pk), 0)
            plan = plans.get((group.pk, channel.pk))
            unplanned = leads > 0 and plan is None and channel.pk is not None
            quiet = plan is not None and leads == 0
            row.append({"plan": plan, "leads": leads, "unplanned": unplanned, "quiet": quiet})
        rows.append({"group": group, "cells": row, "total": row_totals.get((group.pk), 0)})
    columns = [column_totals.get(channel.pk, 0) for channel in channels]
    return {"channels": channels, "rows": rows, "column_totals": columns, "total": total}


MATRIX_COLUMNS = [
    Column("Doelgroep", width=30),
    Column("Kanaal", width=30),
    Column("Leads", Kind.NUMBER),
    Column("Geplande boodschap", width=50),
    Column("Timing", width=20),
    Column("Van", Kind.DATE),
    Column("Tot en met", Kind.DATE),
]


def matrix_rows(matrix, start, end):
    """One row per cell of the matrix: counts only, as on the page."""
    for row in matrix["rows"]:
        for channel, cell in zip(matrix["channels"], row["cells"], strict=True):
            plan = cell["plan"]
            message, timing = (plan.message, plan.timing) if plan else ("", "")
            yield [row["group"].name, channel.name, cell["leads"], message, timing, start, end]


def matrix_export(query, start, end, counts):
    format, delimiter = chosen_format(query.copy())
    rows = matrix_rows(build_matrix(counts), start, end)
    filename = f"resultaten-{start:%Y-%m-%d}-{end:%Y-%m-%d}"
    return spreadsheet_response(
        filename, MATRIX_COLUMNS, rows, format, delimiter, sheet="Communicatiematrix"
    )
