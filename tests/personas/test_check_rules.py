"""The answer of "Kan ik starten?" for each of the seven target groups, on the day it is read."""

import datetime

import pytest
import time_machine

from programmes.admission import (
    ENTRANCE_TEST,
    EVALUATION,
    FOREIGN,
    NO_ENTRANCE_ROUND,
    NONE,
    NOT_YET,
    REGULAR,
    Answers,
    build_plan,
)
from programmes.intake_states import CLOSED
from tests.personas.admission_data import make_admission_data

pytestmark = pytest.mark.django_db
D = datetime.date
SEPTEMBER_ON_15_APRIL = [
    D(2026, 5, 1),
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


@time_machine.travel(D(2026, 5, 1), tick=False)
def test_on_1_may_itself_applying_still_gives_the_right_to_admission():
    plan = plan_for(make_admission_data(), "havo", 18, 0, None)
    assert plan.intake.state_code == "open"
    assert [(m.date, m.kind) for m in plan.dates][:2] == [
        (D(2026, 5, 1), "apply"),
        (D(2026, 8, 15), "apply_late"),
    ]
    assert "studiekeuzecheck" in str(plan.dates[0].label)


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


@time_machine.travel(D(2026, 4, 15), tick=False)
def test_a_start_whose_applications_open_later_can_be_chosen_with_its_opening_day():
    plan = plan_for(make_admission_data(), "mbo4", 22, 32, True, start="2027-02")
    assert plan.intake.start_date == D(2027, 2, 1) and not plan.preferred_missed
    assert (plan.dates[0].date, plan.dates[0].kind) == (D(2026, 9, 1), "apply_opens")


@time_machine.travel(D(2027, 2, 1), tick=False)
def test_a_closed_start_is_passed_over_as_closed():
    plan = plan_for(make_admission_data(), "mbo4", 22, 32, True, start="2027-02")
    assert [(i.start_date, reason) for i, reason in plan.missed] == [(D(2027, 2, 1), CLOSED)]


@time_machine.travel(D(2026, 10, 30), tick=False)
def test_a_start_without_a_21_plus_round_in_time_is_passed_over_for_that_reason():
    # The November round closed on 24 October; the next one, June 2027, is after February.
    plan = plan_for(make_admission_data(), "vmbo_mbo23", 41, 38, True, start="2027-02")
    assert plan.route == ENTRANCE_TEST
    assert [(i.start_date, reason) for i, reason in plan.missed] == [
        (D(2027, 2, 1), NO_ENTRANCE_ROUND)
    ]
    assert plan.intake.start_date == D(2027, 9, 1)
    assert plan.entrance_round.test_date == D(2027, 6, 12)


@time_machine.travel(D(2027, 6, 1), tick=False)
def test_without_any_21_plus_round_in_time_no_start_is_offered_and_the_round_is_why():
    plan = plan_for(make_admission_data(), "vmbo_mbo23", 41, 38, True)
    assert plan.intake is None and plan.no_start_reason == NO_ENTRANCE_ROUND


@time_machine.travel(D(2026, 4, 15), tick=False)
@pytest.mark.parametrize(("age", "route"), [(19, NOT_YET), (25, ENTRANCE_TEST)])
def test_no_diploma_is_an_answer_the_21_plus_test_opens_from_21(age, route):
    plan = plan_for(make_admission_data(), NONE, age, 0, None)
    assert plan.route == route
    assert (plan.intake is None) is (route == NOT_YET)


@time_machine.travel(D(2026, 4, 15), tick=False)
def test_a_foreign_diploma_is_weighed_first_and_gets_the_dates_of_the_start():
    plan = plan_for(make_admission_data(), FOREIGN, 24, 0, None)
    assert plan.route == EVALUATION and plan.can_start
    assert plan.dates[0].date == D(2026, 5, 1)


def with_profiles(programme, *profiles):
    programme.admission_routes.filter(diploma__in=["havo", "vwo"]).update(profiles=list(profiles))
    return programme


@time_machine.travel(D(2026, 4, 15), tick=False)
@pytest.mark.parametrize(
    ("diploma", "profile", "check"),
    [
        ("havo", "nt", "fits"),
        ("vwo", "ng", "fits"),
        ("havo", "cm", "misfit"),
        ("havo", "onbekend", "unknown"),
        ("mbo4", "", ""),  # mbo has no profiles
        ("propedeuse", "", ""),  # past the door of the hbo
    ],
)
def test_the_profile_is_checked_against_the_ones_the_route_names(diploma, profile, check):
    programme = with_profiles(make_admission_data(), "nt", "ng")
    answers = Answers(programme, diploma, 18, 0, None, "", profile)
    assert build_plan(answers, D(2026, 4, 15)).profile_check == check


@time_machine.travel(D(2026, 4, 15), tick=False)
def test_a_route_that_names_no_profile_takes_every_profile():
    answers = Answers(make_admission_data(), "havo", 18, 0, None, "", "cm")
    assert build_plan(answers, D(2026, 4, 15)).profile_check == ""
