"""The state of an intake on the day it is read, from the dates staff keep in the admin."""

import datetime
import importlib

import pytest
import time_machine
from django.apps import apps as django_apps

from programmes import intake_states
from programmes.intake_states import CLOSED, FULL, LATE, NOT_OPEN, OPEN, intake_state
from programmes.models import Intake
from tests.factories import make_programme

SEPTEMBER = {
    "start": datetime.date(2026, 9, 1),
    "deadline": datetime.date(2026, 8, 15),
    "opens": datetime.date(2025, 10, 1),
    "admission_right_until": datetime.date(2026, 5, 1),
}


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (datetime.date(2025, 9, 30), NOT_OPEN),
        (datetime.date(2026, 4, 15), OPEN),
        (datetime.date(2026, 4, 30), OPEN),
        (datetime.date(2026, 5, 1), OPEN),  # applying on 1 May itself keeps the right
        (datetime.date(2026, 5, 2), LATE),
        (datetime.date(2026, 8, 15), LATE),
        (datetime.date(2026, 8, 16), CLOSED),
        (datetime.date(2026, 9, 1), CLOSED),
    ],
)
def test_a_september_start_switches_state_on_its_dates(today, state):
    assert intake_state(today, **SEPTEMBER) == state


def test_a_full_intake_is_full_until_it_closes():
    assert intake_state(datetime.date(2026, 4, 15), **SEPTEMBER, full=True) == FULL
    assert intake_state(datetime.date(2026, 8, 16), **SEPTEMBER, full=True) == CLOSED


def test_only_open_and_late_intakes_take_applications():
    taking = [
        s for s in (NOT_OPEN, OPEN, LATE, FULL, CLOSED) if intake_states.accepts_applications(s)
    ]
    assert taking == [OPEN, LATE]


@pytest.fixture
def programme(db):
    programme = make_programme(name="Ondernemen")
    Intake.objects.create(
        programme=programme,
        start_date=datetime.date(2026, 9, 1),
        applications_open=datetime.date(2025, 10, 1),
        admission_right_until=datetime.date(2026, 5, 1),
        application_deadline=datetime.date(2026, 8, 15),
    )
    Intake.objects.create(
        programme=programme,
        start_date=datetime.date(2027, 2, 1),
        applications_open=datetime.date(2026, 9, 1),
        application_deadline=datetime.date(2027, 1, 10),
    )
    Intake.objects.create(
        programme=programme,
        start_date=datetime.date(2027, 9, 1),
        applications_open=datetime.date(2026, 10, 1),
        admission_right_until=datetime.date(2027, 5, 1),
        application_deadline=datetime.date(2027, 8, 15),
    )
    return programme


def texts(programme):
    return [(f"{i.start_date:%Y-%m}", i.state_text) for i in programme.intakes_today()]


SEPTEMBER_2026_OPEN = (
    "Aanmelden tot en met 1 mei 2026 geeft recht op toelating en een studiekeuzecheck; "
    "aanmelden kan tot en met 15 augustus 2026"
)


@pytest.mark.parametrize("today", [datetime.date(2026, 4, 15), datetime.date(2026, 5, 1)])
def test_until_1_may_included_the_september_start_says_what_1_may_gives_and_the_last_day(
    programme, today
):
    with time_machine.travel(today, tick=False):
        assert texts(programme)[0] == ("2026-09", SEPTEMBER_2026_OPEN)
        assert texts(programme)[1] == ("2027-02", "Aanmelden kan vanaf 1 september 2026")


@time_machine.travel(datetime.date(2026, 5, 2), tick=False)
def test_on_2_may_applying_can_still_but_without_a_right_to_admission(programme):
    assert texts(programme)[0] == (
        "2026-09",
        "Na 1 mei: aanmelden kan nog tot en met 15 augustus, zonder recht op toelating",
    )


@time_machine.travel(datetime.date(2026, 9, 1), tick=False)
def test_on_1_september_the_start_of_today_is_closed_and_names_the_next(programme):
    assert texts(programme)[0] == ("2026-09", "Gesloten — volgende start 1 februari 2027")
    assert texts(programme)[1] == ("2027-02", "Aanmelden kan tot en met 10 januari 2027")


@time_machine.travel(datetime.date(2027, 2, 1), tick=False)
def test_on_1_february_the_february_start_is_closed_and_september_is_open(programme):
    assert texts(programme) == [
        ("2027-02", "Gesloten — volgende start 1 september 2027"),
        (
            "2027-09",
            "Aanmelden tot en met 1 mei 2027 geeft recht op toelating en een studiekeuzecheck; "
            "aanmelden kan tot en met 15 augustus 2027",
        ),
    ]


@time_machine.travel(datetime.date(2026, 4, 15), tick=False)
def test_a_full_intake_says_so_and_the_next_open_start_is_offered(programme):
    Intake.objects.filter(start_date="2026-09-01").update(is_full=True)
    Intake.objects.filter(start_date="2027-02-01").update(applications_open=None)
    assert texts(programme)[0] == ("2026-09", "Vol")
    assert programme.next_open_intake().start_date == datetime.date(2027, 2, 1)


def test_the_migration_keeps_1_may_and_moves_other_days_to_the_day_before(programme):
    """Before, the field held the first day without the right ("vóór"); now the last day."""
    migration = importlib.import_module(
        "programmes.migrations.0008_admission_right_until_inclusive"
    )
    february = programme.intakes.get(start_date="2027-02-01")
    february.admission_right_until = datetime.date(2027, 1, 1)  # entered as "vóór 1 januari"
    february.save()
    migration.to_last_day(django_apps, None)
    rights = dict(programme.intakes.values_list("start_date", "admission_right_until"))
    assert rights == {
        datetime.date(2026, 9, 1): datetime.date(2026, 5, 1),
        datetime.date(2027, 2, 1): datetime.date(2026, 12, 31),
        datetime.date(2027, 9, 1): datetime.date(2027, 5, 1),
    }
