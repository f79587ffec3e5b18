"""The funnel's figures for a period: stored rows plus counters not yet folded, and leads from
their daily rows (lead_days.py). Counts only, never a person."""

import datetime

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from mkbroute.lib.charts import paired_bar_chart
from mkbroute.lib.spreadsheets import Column, Kind, spreadsheet_response
from mkbroute.lib.tally import Unavailable
from personas.models import Channel, Persona, Tone

from . import funnel, lead_days
from .models import FunnelDay, LeadDay

VISITS, FORM_VIEWS, LEADS = 0, 1, 2


def figures(start, end, by_day=True):
    """{(day, page, tone slug, channel id): [visits, form views, leads]} for the period; with
    by_day=False {(page, channel id): [...]}, all the results page needs of it. Visits are
    the rows plus the counters not folded yet; leads come from their daily rows."""
    table = {}

    def add(day, page, tone, channel, column, n):
        key = (day, page, tone, channel) if by_day else (page, channel)
        table.setdefault(key, [0, 0, 0])[column] += n

    hours = funnel.recent_hours()  # before the rows: an hour folded meanwhile is not doubled
    fields = ("day", "path", "tone", "channel") if by_day else ("path", "channel")
    days = FunnelDay.objects.filter(day__range=(start, end)).order_by().values_list(*fields)
    for *key, visits, form_views in days.annotate(Sum("visits"), Sum("form_views")):
        row = key if by_day else (None, key[0], None, key[1])
        add(*row, VISITS, visits)
        add(*row, FORM_VIEWS, form_views)
    try:
        unfolded = funnel.unfolded(hours)
    except Unavailable:  # Redis is down (and that is logged): the figures of the rows alone
        unfolded = {}
    for (kind, day, *rest), n in unfolded.items():
        if start <= day <= end:
            add(day, *rest, VISITS if kind == funnel.VISIT else FORM_VIEWS, n)
    fields = ("day", "page", "tone", "channel") if by_day else ("page", "channel")
    # A person counts once a day on a page: their first submission of the day there.
    leads = LeadDay.objects.filter(day__range=(start, end), first_on_page_that_day=True)
    counted = leads.order_by().values_list(*fields).annotate(Sum("submissions"))
    slugs = dict(Tone.objects.values_list("pk", "slug")) if by_day else {}
    default_tone = Tone.objects.default().slug if by_day else None
    for *key, n in counted:
        day, page, tone, channel = key if by_day else (None, key[0], None, key[1])
        add(day, page, slugs.get(tone, default_tone), channel, LEADS, n)
    return table


def visits_per_day(path, days):
    """The average number of visits a day that landed on path in the last days."""
    end = timezone.localdate()
    start = end - datetime.timedelta(days=days - 1)
    table = figures(start, end, by_day=False)
    return sum(counts[VISITS] for key, counts in table.items() if key[0] == path) / days


COLUMNS = [
    Column("datum", Kind.DATE),
    Column("pagina", width=40),
    Column("toon"),
    Column("kanaal", width=30),
    Column("bezoeken", Kind.NUMBER),
    Column("formulierweergaven", Kind.NUMBER),
    Column("leads", Kind.NUMBER),
]


def csv_rows(table):
    names = dict(Channel.objects.values_list("pk", "name"))
    for (day, page, tone, channel), counts in sorted(table.items(), key=sort_key):
        yield [day, page, tone, names.get(channel, ""), *counts]


def sort_key(item):
    (day, page, tone, channel), _counts = item
    return (day, page, tone, channel or 0)


def funnel_csv(start, end):
    lead_days.last_fold()  # folds first when the worker's fold is late
    rows = csv_rows(figures(start, end))
    return spreadsheet_response(f"funnel-{start:%Y-%m-%d}-{end:%Y-%m-%d}", COLUMNS, rows, "csv")


def conversion(leads, visits):
    """Leads per counted visit; leads beyond the visits (from before counting began, or from
    visits never counted: DNT, a bot filter's mistake) are shown apart, never as over 100%."""
    counted = min(leads, visits)
    return f"{counted / visits:.1%}".replace(".", ",") if visits else "–"


def apart(leads, visits):
    """The leads that have no counted visit to go with them."""
    return max(leads - visits, 0)


def totals(table, by):
    """{by(key): [visits, form views, leads]}"""
    summed = {}
    for key, counts in table.items():
        into = summed.setdefault(by(key), [0, 0, 0])
        for column, n in enumerate(counts):
            into[column] += n
    return summed


def per_persona_page(table):
    """The persona pages' figures from figures(by_day=False)."""
    pages = totals(table, lambda key: key[0])
    rows = []
    for persona in Persona.objects.active():
        visits, form_views, leads = pages.get(persona.get_absolute_url(), [0, 0, 0])
        rows.append(
            {
                "persona": persona,
                "visits": visits,
                "form_views": form_views,
                "leads": leads,
                "conversion": conversion(leads, visits),
                "apart": apart(leads, visits),
            }
        )
    return rows


def add_visits(matrix, table):
    """With figures(by_day=False): each matrix cell gets the visits its group's persona page
    had through its channel, and a flag when the plan brought none; each channel its visits
    and conversion."""
    by_channel = totals(table, lambda key: key[1])
    for row in matrix["rows"]:
        persona = getattr(row["group"], "persona", None) if row["group"].pk else None
        page = persona.get_absolute_url() if persona else None
        for channel, cell in zip(matrix["channels"], row["cells"], strict=True):
            visits = table.get((page, channel.pk), [0])[VISITS] if page else 0
            cell["visits"] = visits
            cell["conversion"] = conversion(cell["leads"], visits)
            cell["apart"] = apart(cell["leads"], visits) if visits else 0
            cell["no_visits"] = cell["plan"] is not None and visits == 0
    matrix["channel_visits"] = [
        {
            "visits": by_channel.get(channel.pk, [0])[VISITS],
            "conversion": conversion(leads, by_channel.get(channel.pk, [0])[VISITS]),
            "apart": apart(leads, by_channel.get(channel.pk, [0])[VISITS]),
        }
        for channel, leads in zip(matrix["channels"], matrix["column_totals"], strict=True)
    ]
    return matrix


def chart(pages):
    rows = [(row["persona"].name, row["visits"], row["leads"]) for row in pages]
    names = [_("Bezoeken"), _("Leads")]
    title = _("Bezoeken en leads per personapagina in de periode")
    return paired_bar_chart(rows, names, title=title, chart_id="persona-pages")
