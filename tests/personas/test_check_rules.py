"""The answer of "Kan ik starten?" for each of the seven target groups, on the day it is read."""

import datetime

import pytest
import time_machine

from programmes.admission import ENTRANCE_TEST, NOT_YET, REGULAR, Answers, build_plan
from tests.personas.admission_data import make_admission_data

pytestmark = pytest.mark.django_db
D = datetime.date
SEPTEMBER_ON_15_APRIL = [
    D(2026, 4, 30),
    D(2026, 8, 15),
    D(2026, 8, 22),
    D(2026, 8, 25),
    D(2026, 9, 1),
]

# (target group, diploma, age on the start date, hours worked, at an mkb employer)
SEVEN = [
    ("havo", "havo", 18, 0, None, REGULAR, True),
    ("vwo", "vwo", 18, 12, False, REGULAR, True),
    ("mbo4", "mbo4", 20, 32, True, REGULAR, False),
    ("hbo_dropout", "propedeuse", 20, 0, None, REGULAR, True),
    ("employee_step_up", "mbo4", 34, 36, True, REGULAR, False),
    ("employee_verzilveren", "vmbo_mbo23", 41, 38, True, ENTRANCE_TEST, False),
    ("career_switcher", "havo", 35, 40, False, REGULAR, True),
]


def plan_for(programme, diploma, age, hours, at_mkb, start="", today=None):
    answers = Answers(programme, diploma, age, hours, at_mkb, start)
    return build_plan(answers, today or datetime.date.today())


@pytest.mark.parametrize(("group", "diploma", "age", "hours", "mkb", "route", "needs"), SEVEN)
@time_machine.travel(D(2026, 4, 15), tick=False)
def test_each_target_group_gets_its_route_and_dates(group, diploma, age, hours, mkb, route, needs):
    plan = plan_for(make_admission_data(), diploma, age, hours, mkb)
    assert plan.route == route
    assert plan.needs_employer is needs
    assert plan.intake.start_date == D(2026, 9, 1)
    dates = [moment.date for moment in plan.dates]
    if route == ENTRANCE_TEST:
        # The June round (the March one closed on 21 February), in date order with the rest.
        first, *rest = SEPTEMBER_ON_15_APRIL
        assert dates == [first, D(2026, 5, 23), D(2026, 6, 13), *rest]
        kinds = [m.kind for m in plan.dates]
        assert kinds[:3] == ["apply", "entrance_registration", "entrance_test"]
    else:
        assert dates == SEPTEMBER_ON_15_APRIL
    assert plan.dates[0].kind in ("apply", "entrance_registration")


@time_machine.travel(D(2026, 4, 15), tick=False)
def test_someone_young_without_the_diploma_is_told_not_yet_and_given_no_dates():
    plan = plan_for(make_admission_data(), "vmbo_mbo23", 19, 20, True)
    assert plan.route == NOT_YET and plan.dates == [] and plan.intake is None


@time_machine.travel(D(2026, 5, 2), tick=False)
def test_after_1_may_only_the_last_day_to_apply_remains():
    plan = plan_for(make_admission_data(), "havo", 18, 0, None)
    assert [(m.date, m.kind) for m in plan.dates][0] == (D(2026, 8, 15), "apply")
    assert plan.intake.state_code == "late"


@time_machine.travel(D(2026, 9, 1), tick=False)
def test_on_1_september_the_answer_moves_to_the_february_start():
    plan = plan_for(make_admission_data(), "mbo4", 22, 32, True)
    assert plan.intake.start_date == D(2027, 2, 1)
    assert [m.date for m in plan.dates] == [
        D(2027, 1, 10),
        D(2027, 1, 17),
        D(2027, 1, 24),
        D(2027, 2, 1),
    ]
    assert not plan.preferred_missed  # "as soon as possible" missed nothing


@time_machine.travel(D(2027, 2, 1), tick=False)
def test_on_1_february_a_wish_for_february_gets_september_and_says_so():
    plan = plan_for(make_admission_data(), "mbo4", 22, 32, True, start="2027-02")
    assert plan.intake.start_date == D(2027, 9, 1) and plan.preferred_missed


@time_machine.travel(D(2026, 4, 15), tick=False)
def test_costs_follow_the_academic_year_of_the_start_and_the_diploma():
    programme = make_admission_data()
    statutory = plan_for(programme, "havo", 18, 0, None).tuition
    assert (statutory.eur, str(statutory.year), statutory.expected) == (2695, "2026-2027", False)
    assert plan_for(programme, "hbo_or_higher", 30, 0, None).tuition.eur == 9350


@time_machine.travel(D(2026, 4, 15), tick=False)
def test_only_schemes_for_participants_in_force_are_offered():
    plan = plan_for(make_admission_data(), "havo", 18, 0, None)
    assert [scheme.name for scheme in plan.schemes] == ["Levenlanglerenkrediet"]


@time_machine.travel(D(2026, 4, 15), tick=False)
def test_a_job_with_too_few_hours_is_named_with_the_hours_short():
    plan = plan_for(make_admission_data(), "mbo4", 22, 16, True)
    assert not plan.needs_employer and plan.hours_short == 8
