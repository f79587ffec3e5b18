"""Moments as staff read them: in Dutch local time (TIME_ZONE), written the Dutch way. The
database gives moments in UTC; Django's lists convert them, but a value shown through a method
of an admin (a read-only field) is printed as it is, in UTC and as Python writes it."""

from django.utils import timezone
from django.utils.formats import date_format

EMPTY = "–"


def local_time(moment, short=False):
    """15 januari 2026 00:47 (short: 15-1-2026 00:47), or a dash when there is none."""
    if moment is None:
        return EMPTY
    name = "SHORT_DATETIME_FORMAT" if short else "DATETIME_FORMAT"
    return date_format(timezone.localtime(moment), name)
