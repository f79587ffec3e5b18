"""The answer of "Kan ik starten?": one visitor's route, dates, costs and next step, built
from the dated rules staff keep in the admin (AdmissionRoute, Intake, EntranceTestRound,
Tuition, OtherCost, Scheme, Exemption)."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import (
    AdmissionRoute,
    EntranceTestRound,
    Exemption,
    OtherCost,
    Programme,
    Scheme,
)

REGULAR, ENTRANCE_TEST, NOT_YET = "regular", "entrance_test", "not_yet"
NO_DIPLOMA, HIGHER = "vmbo_mbo23", "hbo_or_higher"
# Diplomas that show someone passed the door of the hbo already: any route of a programme
# is open to them, whichever diploma it names.
PAST_THE_DOOR = (AdmissionRoute.Diploma.PROPEDEUSE, HIGHER)
ENTRANCE_TEST_AGE = 21


@dataclass(frozen=True)
class Answers:
    programme: Programme
    diploma: str  # an AdmissionRoute.Diploma, NO_DIPLOMA or HIGHER
    age: int  # on the start date
    hours: int  # worked per week now; 0 when not working
    at_mkb: bool | None  # None: does not know, or does not work
    start: str = ""  # "" (as soon as possible) or "YYYY-MM"


@dataclass(frozen=True)
class Moment:
    date: datetime.date
    label: str
    kind: str  # entrance_registration, entrance_test, apply, apply_late, interview, ...


@dataclass
class Plan:
    answers: Answers
    route: str
    admission_route: AdmissionRoute | None = None
    intake: object = None
    entrance_round: EntranceTestRound | None = None
    preferred_missed: bool = False
    dates: list[Moment] = field(default_factory=list)
    tuition: object = None  # an Amount
    institutional: bool = False
    other_costs: list = field(default_factory=list)
    schemes: list = field(default_factory=list)
    exemptions: list = field(default_factory=list)
    hours_needed: int = 0

    @property
    def has_mkb_job(self):
        return self.answers.at_mkb is True and self.answers.hours > 0

    @property
    def needs_employer(self):
        return not self.has_mkb_job

    @property
    def hours_short(self):
        """Hours a week the visitor's present mkb job falls short of what the route asks."""
        return max(0, self.hours_needed - self.answers.hours) if self.has_mkb_job else 0

    @property
    def can_start(self):
        return self.route != NOT_YET and self.intake is not None


def route_for(answers, routes):
    """The admission route and the AdmissionRoute that opens it, if any."""
    own = next((r for r in routes if r.diploma == answers.diploma), None)
    if own is None and answers.diploma in PAST_THE_DOOR and routes:
        own = routes[0]
    if own is not None:
        return REGULAR, own
    if answers.programme.entrance_test and answers.age >= ENTRANCE_TEST_AGE:
        return ENTRANCE_TEST, None
    return NOT_YET, None


def wanted(intake, start):
    return not start or f"{intake.start_date:%Y-%m}" >= start


def pick_intake(plan, today):
    """The first start at or after the preferred one that still takes applications; on the
    21+ route also one with a test round that ends before it."""
    intakes = [
        i for i in plan.answers.programme.intakes_today(today) if wanted(i, plan.answers.start)
    ]
    for intake in intakes:
        missed = not intake.accepts_applications(today)
        if not missed and plan.route == ENTRANCE_TEST:
            plan.entrance_round = EntranceTestRound.first_before(intake.start_date, today)
            missed = plan.entrance_round is None
        if not missed:
            return intake
        plan.preferred_missed = bool(plan.answers.start)
    return None


def moments(plan, today):
    """Every date that applies to this visitor, from today on, in order."""
    intake, found = plan.intake, []
    if plan.entrance_round:
        test = plan.entrance_round
        found += [
            Moment(
                test.registration_deadline,
                _("Uiterlijk aanmelden voor de 21+-toets"),
                "entrance_registration",
            ),
            Moment(test.test_date, _("21+-toets"), "entrance_test"),
        ]
    if intake.state_code == "open" and intake.guaranteed_before:
        last_guaranteed = intake.guaranteed_before - datetime.timedelta(days=1)
        found.append(
            Moment(
                last_guaranteed,
                _("Uiterlijk aanmelden in Studielink met recht op plaatsing"),
                "apply",
            )
        )
        found.append(
            Moment(
                intake.application_deadline,
                _("Laatste dag om aan te melden in Studielink (plaatsing niet gegarandeerd)"),
                "apply_late",
            )
        )
    else:
        found.append(
            Moment(intake.application_deadline, _("Uiterlijk aanmelden in Studielink"), "apply")
        )
    if intake.interview_by:
        found.append(Moment(intake.interview_by, _("Intakegesprek, uiterlijk"), "interview"))
    if intake.workplace_by:
        found.append(
            Moment(intake.workplace_by, _("Werkplek bij een mkb-bedrijf geregeld"), "workplace")
        )
    found.append(Moment(intake.start_date, _("Start van de opleiding"), "start"))
    return sorted((m for m in found if m.date >= today), key=lambda m: m.date)


def build_plan(answers, today):
    """The answer for one visitor on today."""
    programme = answers.programme
    routes = list(AdmissionRoute.objects.valid(today).filter(programme=programme))
    route, admission_route = route_for(answers, routes)
    plan = Plan(answers=answers, route=route, admission_route=admission_route)
    plan.hours_needed = (
        admission_route.hours_needed() if admission_route else programme.workplace_hours
    )
    for_programme = Q(programme=programme) | Q(programme__isnull=True)
    plan.exemptions = list(Exemption.objects.filter(for_programme))
    plan.schemes = list(Scheme.objects.valid(today).filter(audience=Scheme.Audience.PARTICIPANT))
    if route == NOT_YET:
        return plan
    plan.intake = pick_intake(plan, today)
    if plan.intake is None:
        return plan
    plan.dates = moments(plan, today)
    start = plan.intake.start_date
    plan.institutional = answers.diploma == HIGHER
    plan.tuition = programme.tuition_on(plan.intake, institutional=plan.institutional)
    plan.other_costs = list(OtherCost.objects.valid(start).for_programme(programme))
    return plan
