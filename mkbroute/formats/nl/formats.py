"""Dutch formats with one change: date inputs show and read ISO dates (2026-11-29) first.

Staff type and read dates in the admin as the exports and the rest of the system write them;
a date typed the Dutch way (29-11-2026) is still understood.
"""

from django.conf.locale.nl.formats import *  # noqa: F403 (every other Dutch format as it is)
from django.conf.locale.nl.formats import DATE_INPUT_FORMATS as DUTCH_DATES
from django.conf.locale.nl.formats import DATETIME_INPUT_FORMATS as DUTCH_DATETIMES

DATE_INPUT_FORMATS = ["%Y-%m-%d", *[f for f in DUTCH_DATES if f != "%Y-%m-%d"]]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    *[f for f in DUTCH_DATETIMES if f not in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M")],
]
