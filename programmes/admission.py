"""The answer of "Kan ik starten?": one visitor's route, dates, costs and next step, built
from the dated rules staff keep in the admin (AdmissionRoute, Intake, EntranceTestRound,
Tuition, OtherCost, Scheme, Exemption)."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .intake_states import CLOSED, FULL, NOT_OPEN, OPEN
from .models import (
    AdmissionRoute,
    EntranceTestRound,
    Exemption,
    OtherCost,
    Profile,
    Programme,
    Scheme,
)

REGULAR, ENTRANCE_TEST, NOT_YET = "regular", "entrance_test", "not_yet"
# A diploma from abroad: the hogeschool first weighs it against mbo-4, havo or vwo.
EVALUATION = "diploma_evaluation"
NO_DIPLOMA, HIGHER = "vmbo_mbo23", "hbo_or_higher"
NONE, FOREIGN = "none", "foreign"
# Answers without a diploma that opens the hbo: only the 21+ test can, from 21 on.
BELOW_THE_DOOR = (NO_DIPLOMA, NONE)
UNKNOWN_PROFILE = "onbekend"
# Why a start was passed over for this visitor; CLOSED and FULL are the intake's own states.
NO_ENTRANCE_ROUND = "no_entrance_round"
# Diplomas that show someone passed the door of the hbo already: any route of a programme
# is open to them, whichever diploma it names.
PAST_THE_DOOR = (AdmissionRoute.Diploma.PROPEDEUSE, HIGHER)
ENTRANCE_TEST_AGE = 21


@dataclass(frozen=True)
class Answers:
    programme: Programme
    diploma: str  # an AdmissionRoute.Diploma, NO_DIPLOMA, NONE, FOREIGN or HIGHER
    age: int  # on the start date
    hours: int  # worked per week now; 0 when not working
    at_mkb: bool | None  # None: does not know, or does not work
    start: str = ""  # "" (as soon as possible) or "YYYY-MM"
    profile: str = ""  # a havo or vwo Profile, UNKNOWN_PROFILE, or "" when not asked


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
    # The starts passed over, each with its reason: CLOSED, FULL or NO_ENTRANCE_ROUND.
    missed: list = field(default_factory=list)
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

    @property
    def preferred_missed(self):
        """The start the visitor chose is not reachable; missed[0] says which and why."""
        return bool(self.answers.start and self.missed)

    @property
    def no_start_reason(self):
        """Why no start is offered: no 21+ round fits, every start is closed or full, or no
        start is known."""
        reasons = {reason for _intake, reason in self.missed}
        if NO_ENTRANCE_ROUND in reasons:
            return NO_ENTRANCE_ROUND
        return CLOSED if reasons else ""

    @property
    def profile_check(self):
        """For havo and vwo on a route that names profiles: "fits", "misfit" or "unknown";
        "" where the profile does not matter."""
        route = self.admission_route
        if route is None or route.diploma != self.answers.diploma or not route.profiles:
            return ""
        if self.answers.profile in ("", UNKNOWN_PROFILE):
            return "unknown"
        return "fits" if route.profile_fits(self.answers.profile) else "misfit"

    @property
    def profile_name(self):
        return dict(Profile.choices).get(self.answers.profile, "")


def route_for(answers, routes):
    """The admission route and the AdmissionRoute that opens it, if any."""
    own = next((r for r in routes if r.diploma == answers.diploma), None)
    if own is None and answers.diploma in PAST_THE_DOOR and routes:
        own = routes[0]
    if own is not None:
        return REGULAR, own
    if answers.diploma == FOREIGN:
        return EVALUATION, None
    if answers.programme.entrance_test and answers.age >= ENTRANCE_TEST_AGE:
        return ENTRANCE_TEST, None
    return NOT_YET, None


def wanted(intake, start):
    return not start or f"{intake.start_date:%Y-%m}" >= start


def pick_intake(plan, today):
    """The first start at or after the preferred one that this visitor can still reach: it
    takes applications (or will), and on the 21+ route a test round ends before it."""
    intakes = [
        i for i in plan.answers.programme.intakes_today(today) if wanted(i, plan.answers.start)
    ]
    for intake in intakes:
        reason = why_missed(plan, intake, today)
        if reason is None:
            return intake
        plan.missed.append((intake, reason))
    return None


def why_missed(plan, intake, today):
    """None if the visitor can make this start, else the reason they cannot."""
    if intake.state_code in (CLOSED, FULL):
        return intake.state_code
    if plan.route == ENTRANCE_TEST:
        plan.entrance_round = EntranceTestRound.first_before(intake.start_date, today)
        if plan.entrance_round is None:
            return NO_ENTRANCE_ROUND
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
    if intake.state_code == NOT_OPEN:
        found.append(
            Moment(intake.applications_open, _("Aanmelden in Studielink gaat open"), "apply_opens")
        )
    if intake.state_code in (OPEN, NOT_OPEN) and intake.admission_right_until:
        found.append(
            Moment(
                intake.admission_right_until,
                _(
                    "Laatste dag om aan te melden in Studielink met recht op toelating en op "
                    "een studiekeuzecheck"
                ),
                "apply",
            )
        )
        found.append(
            Moment(
                intake.application_deadline,
                _("Laatste dag om aan te melden in Studielink (zonder recht op toelating)"),
                "apply_late",
            )
        )
    else:
        found.append(
            Moment(
                intake.application_deadline,
                _("Laatste dag om aan te melden in Studielink"),
                "apply",
            )
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
