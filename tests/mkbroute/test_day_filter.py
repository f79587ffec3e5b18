import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from mkbroute.templatetags.site import day, minute

MOMENTS = [
    datetime.date(2026, 5, 1),
    datetime.date(2027, 12, 31),
    # 23:30 UTC on 31 March is 1 April in Amsterdam: the day is the local one.
    datetime.datetime(2026, 3, 31, 23, 30, tzinfo=datetime.UTC),
    datetime.datetime(2026, 10, 25, 0, 30, tzinfo=datetime.UTC),
]


@pytest.mark.parametrize("moment", MOMENTS)
def test_day_writes_what_the_date_filter_writes(moment):
    with translation.override("nl"), timezone.override("Europe/Amsterdam"):
        # As a template has it: the date filter gets aware moments in local time.
        written = Template('{{ moment|date:"j F Y" }}').render(Context({"moment": moment}))
        assert day(moment) == written


def test_day_of_a_local_moment_and_of_nothing():
    with translation.override("nl"), timezone.override("Europe/Amsterdam"):
        assert day(datetime.datetime(2026, 3, 31, 23, 30, tzinfo=datetime.UTC)) == "1 april 2026"
        assert day(None) == "" and day("") == ""


@pytest.mark.parametrize("moment", [moment for moment in MOMENTS if hasattr(moment, "hour")])
def test_minute_writes_what_the_date_filter_writes(moment):
    with translation.override("nl"), timezone.override("Europe/Amsterdam"):
        written = Template('{{ moment|date:"j F Y H:i" }}').render(Context({"moment": moment}))
        assert minute(moment) == written
        assert minute(moment.replace(minute=5)).endswith(":05")


def test_minute_of_a_local_moment_and_of_nothing():
    with translation.override("nl"), timezone.override("Europe/Amsterdam"):
        moment = datetime.datetime(2026, 3, 31, 22, 5, tzinfo=datetime.UTC)
        assert minute(moment) == "1 april 2026 00:05"
        assert minute(None) == "" and minute("") == ""
