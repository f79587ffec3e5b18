"""Moments as staff read them: in Dutch local time (TIME_ZONE), written the Dutch way. The
database gives moments in UTC; Django's lists convert them, but a value shown through a method
of an admin (a read-only field) is printed as it is, in UTC and as Python writes it."""

import datetime

from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.formats import date_format

EMPTY = "–"


def local_time(moment, short=False):
    """15 januari 2026 00:47 (short: 15-1-2026 00:47), or a dash when there is none."""
    if moment is None:
        return EMPTY
    name = "SHORT_DATETIME_FORMAT" if short else "DATETIME_FORMAT"
    return date_format(timezone.localtime(moment), name)


def day(value):
    """The same text as value|date:"j F Y" ("5 december 2026", in local time), for pages that
    list many: Django's date filter builds a formatter for each value, ten times the work.
    Empty for anything but a date."""
    if not isinstance(value, datetime.date):
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{value.day} {MONTHS[value.month]} {value.year}"
