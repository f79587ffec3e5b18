"""The results page's figures for a period: sums of the daily rows, kept in the cache until
the next fold changes them. Counts only; names, plans and pages are looked up per request."""

import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Max

from . import funnel_report, lead_days, matrix
from .models import FoldedHour

KEEP_SECONDS = 2 * 3600  # a fold comes every hour and makes a new key
SHAPE = 1  # raised when Figures changes, so that no deploy reads what an older one cached


@dataclass(frozen=True)
class Figures:
    fold: str  # which fold of the leads: a key for what is kept until the next one
    folded_at: datetime.datetime  # the leads are as of then
    pages: dict  # {(page, channel id): [visits, form views, leads]}
    cells: tuple  # matrix.leads_per_cell
    weekly: dict  # {(week start, persona id): leads}
    statuses: dict  # {status: leads}


def figures(start, end):
    """The period's Figures, as of the last fold of the funnel and of the leads."""
    fold = lead_days.last_fold()  # folds first when the worker's fold is late
    hour = FoldedHour.objects.aggregate(n=Max("hour"))["n"]
    which = f"{fold.folds}:{fold.folded_at.timestamp()}"
    key = f"results:{SHAPE}:{which}:{hour}:{start}:{end}"
    found = cache.get(key)
    if found is None:
        found = Figures(
            fold=which,
            folded_at=fold.folded_at,
            pages=funnel_report.figures(start, end, by_day=False),
            cells=matrix.leads_per_cell(start, end),
            weekly=matrix.leads_per_week(matrix.weeks_in(start, end), end),
            statuses=matrix.leads_per_status(start, end),
        )
        cache.set(key, found, KEEP_SECONDS)
    return found
