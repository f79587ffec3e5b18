"""The funnel's figures for a period: stored rows plus counters not yet folded, and leads from
the submissions' own attribution. Counts only, never a person."""

import datetime
from urllib.parse import urlsplit

from django.db.models import Count, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from leads.models import Submission
from mkbroute.lib.charts import paired_bar_chart
from mkbroute.lib.spreadsheets import Column, Kind, spreadsheet_response
from mkbroute.lib.tally import Unavailable
from personas.models import Channel, Persona, Tone

from . import funnel
from .models import FunnelDay

VISITS, FORM_VIEWS, LEADS = 0, 1, 2


def lead_page(landing_path, page_path):
    """The page a lead is counted on: where its visit landed, else (a direct visit, which has
    no attribution) the page of the form."""
    return urlsplit(landing_path).path[:200] or page_path[:200]


def figures(start, end):
    """{(day, page, tone slug, channel id): [visits, form views, leads]} for the period."""
    table = {}

    def add(key, column, n):
        table.setdefault(key, [0, 0, 0])[column] += n

    hours = funnel.recent_hours()  # before the rows: an hour folded meanwhile is not doubled
    days = FunnelDay.objects.filter(day__range=(start, end)).order_by()
    stored = days.values_list("day", "path", "tone", "channel")
    for *key, visits, form_views in stored.annotate(Sum("visits"), Sum("form_views")):
        add(tuple(key), VISITS, visits)
        add(tuple(key), FORM_VIEWS, form_views)
    try:
        unfolded = funnel.unfolded(hours)
    except Unavailable:  # Redis is down (and that is logged): the figures of the rows alone
        unfolded = {}
    for (kind, day, *rest), n in unfolded.items():
        if start <= day <= end:
            add((day, *rest), VISITS if kind == funnel.VISIT else FORM_VIEWS, n)
    default_tone = Tone.objects.default().slug
    zone = timezone.get_current_timezone()
    submissions = Submission.objects.filter(created_at__date__range=(start, end)).order_by()
    by_row = submissions.annotate(day=TruncDate("created_at", tzinfo=zone)).values(
        "day", "landing_path", "page_path", "tone__slug", "channel"
    )
    for row in by_row.annotate(n=Count("lead", distinct=True)):
        page = lead_page(row["landing_path"], row["page_path"])
        add((row["day"], page, row["tone__slug"] or default_tone, row["channel"]), LEADS, row["n"])
    return table


def visits_per_day(path, days):
    """The average number of visits a day that landed on path in the last days."""
    end = timezone.localdate()
    start = end - datetime.timedelta(days=days - 1)
    table = figures(start, end)
    return sum(counts[VISITS] for key, counts in table.items() if key[1] == path) / days


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
    pages = totals(table, lambda key: key[1])
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
    """Each matrix cell gets the visits its group's persona page had through its channel,
    and a flag when the plan brought none; each channel its visits and conversion."""
    page_channel = totals(table, lambda key: (key[1], key[3]))
    by_channel = totals(table, lambda key: key[3])
    for row in matrix["rows"]:
        persona = getattr(row["group"], "persona", None) if row["group"].pk else None
        page = persona.get_absolute_url() if persona else None
        for channel, cell in zip(matrix["channels"], row["cells"], strict=True):
            visits = page_channel.get((page, channel.pk), [0])[VISITS] if page else 0
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
