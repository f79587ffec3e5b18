"""{% date_hierarchy_by_range cl %}: Django's date drill-down above an admin list, without
reading every row of the list to offer its years, months and days.

Django's own {% date_hierarchy %} asks the list for its first and last date in one query (which
SQLite answers by reading every row), and then for every distinct year, month or day in it: a
query that truncates the date of every row, on SQLite in Python, 0.4 s for 100,000 leads.
Here the choices are every year, month or day between the first and the last date of the
whole table (within the year or month chosen), each read from one end of the date's index:
two steps, however the list is filtered, where the oldest and newest match of a filter or
search could have the database look through most of the table. On a list that grows every
day hardly a choice is empty; one that is, or that the filter leaves empty, shows no rows.
"""

import datetime

from django import template
from django.contrib.admin.templatetags.admin_list import date_hierarchy
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.utils import timezone
from django.utils.functional import cached_property

register = template.Library()


def local_date(value):
    if isinstance(value, datetime.datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).date()
    return value


def periods(first, last, kind):
    """The first day of each year, month or day from first's to last's."""
    if kind == "year":
        return [datetime.date(year, 1, 1) for year in range(first.year, last.year + 1)]
    if kind == "month":
        months = range(first.year * 12 + first.month - 1, last.year * 12 + last.month)
        return [datetime.date(month // 12, month % 12 + 1, 1) for month in months]
    return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]


def within(first, last, params, field):
    """first and last (dates) moved inside the year or month chosen in params, if any."""
    year, month = params.get(f"{field}__year"), params.get(f"{field}__month")
    if not year:
        return first, last
    try:
        start = datetime.date(int(year), int(month or 1), 1)
    except (TypeError, ValueError, OverflowError):
        return first, last
    if month:
        end = (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    else:
        end = start.replace(month=12, day=31)
    return max(first, start), min(last, end)


class ByRange:
    """Stands in for the list's queryset where date_hierarchy() asks for its dates."""

    def __init__(self, changelist):
        self.changelist = changelist
        self.field = changelist.date_hierarchy

    def end(self, queryset, order):
        value = queryset.order_by(order).values_list(self.field, flat=True).first()
        return local_date(value)

    @cached_property
    def ends(self):
        cl = self.changelist
        if cl.result_count == 0:
            return None, None
        dated = cl.root_queryset.exclude(**{f"{self.field}__isnull": True})
        first, last = self.end(dated, self.field), self.end(dated, f"-{self.field}")
        if first is None:
            return None, None
        first, last = within(first, last, cl.params, self.field)
        return (first, last) if first <= last else (None, None)

    def aggregate(self, **aggregates):
        # Asked as first=Min(field), last=Max(field); a datetime, as Django's would be.
        return {
            name: None if day is None else datetime.datetime.combine(day, datetime.time())
            for name, day in zip(("first", "last"), self.ends, strict=True)
        }

    def datetimes(self, field, kind, *args, **kwargs):
        first, last = self.ends
        return [] if first is None else periods(first, last, kind)

    dates = datetimes


class RangeChangeList:
    def __init__(self, changelist):
        self.changelist = changelist
        self.queryset = ByRange(changelist)

    def __getattr__(self, name):
        return getattr(self.changelist, name)


@register.tag(name="date_hierarchy_by_range")
def date_hierarchy_by_range_tag(parser, token):
    return InclusionAdminNode(
        parser,
        token,
        func=lambda changelist: date_hierarchy(RangeChangeList(changelist)),
        template_name="date_hierarchy.html",
        takes_context=False,
    )
