"""The route finder's rules: from four answers to a target group and an admission route."""

from dataclasses import dataclass

EDUCATION = ("vmbo_mbo23", "mbo4", "havo", "vwo", "hbo_started")
WORK = ("mkb_job", "other_job", "looking")
GOALS = ("keep_learning", "diploma_for_work", "new_profession")

# Keys of the target groups the rules can point to; which persona and tone each group gets
# is data (TargetGroup in the admin), so communications staff can change it.
MBO4 = "mbo4"
HAVO = "havo"
VWO = "vwo"
HBO_DROPOUT = "hbo_dropout"
EMPLOYEE_STEP_UP = "employee_step_up"
EMPLOYEE_VERZILVEREN = "employee_verzilveren"
CAREER_SWITCHER = "career_switcher"
KEYS = (MBO4, HAVO, VWO, HBO_DROPOUT, EMPLOYEE_STEP_UP, EMPLOYEE_VERZILVEREN, CAREER_SWITCHER)

DIRECT = "direct"
ENTRANCE_TEST = "entrance_test"
NO_ROUTE_YET = "no_route_yet"


@dataclass(frozen=True)
class Advice:
    target_group: str | None
    admission: str
    needs_employer: bool
    employer_may_qualify: bool


def admission(education, over_21):
    if education != "vmbo_mbo23":
        return DIRECT
    return ENTRANCE_TEST if over_21 else NO_ROUTE_YET


def target_group(education, work, goal, over_21):
    working = work in ("mkb_job", "other_job")
    if not over_21:
        # Someone of 18 who wants another field is a school leaver choosing, not a career
        # switcher: they are spoken to as the group of their own diploma, unless they work
        # and want the diploma for what they already do. Not with havo or vwo under 21:
        # school has just ended, there are no years of work at hbo level to turn into a
        # diploma, and the group of working people is the career switchers' persona.
        if goal == "diploma_for_work" and working and education not in (HAVO, VWO):
            return EMPLOYEE_VERZILVEREN
        if education == "hbo_started":
            return HBO_DROPOUT
        return education if education in (MBO4, HAVO, VWO) else MBO4
    if goal == "new_profession":
        return CAREER_SWITCHER
    if goal == "diploma_for_work":
        return EMPLOYEE_VERZILVEREN if working else CAREER_SWITCHER
    if education == "hbo_started":
        return HBO_DROPOUT
    if working:
        return EMPLOYEE_STEP_UP
    if education in (MBO4, HAVO, VWO):
        return education
    return CAREER_SWITCHER


def advise(education, work, goal, over_21):
    """Advice for one visitor; raises ValueError for an answer that is not on the form."""
    if education not in EDUCATION or work not in WORK or goal not in GOALS:
        raise ValueError("unknown answer")
    route = admission(education, over_21)
    group = None if route == NO_ROUTE_YET else target_group(education, work, goal, over_21)
    return Advice(
        target_group=group,
        admission=route,
        needs_employer=work != "mkb_job",
        employer_may_qualify=work == "other_job",
    )
