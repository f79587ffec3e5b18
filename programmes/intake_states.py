"""What an intake's application state is on a given day: a pure rule, tested on its own."""

import datetime

NOT_OPEN = "not_open"  # applications open later
OPEN = "open"  # applying now can be done; with a right to admission where the intake has one
LATE = "late"  # still possible, without a right to admission
FULL = "full"
CLOSED = "closed"


def intake_state(
    today: datetime.date,
    *,
    start: datetime.date,
    deadline: datetime.date,
    opens: datetime.date | None = None,
    admission_right_until: datetime.date | None = None,
    full: bool = False,
    closed: bool = False,
) -> str:
    """The state of an intake on today.

    deadline is the last day to apply; admission_right_until is the last day on which applying
    still gives a right to admission and a studiekeuzecheck (1 May for a September start, the
    day itself included), if there is one. Both days count: they are "tot en met". closed is
    the school's own word that the intake takes no more applications (OOAPI's
    registrationStatus), whatever the dates say.
    """
    if closed or today > deadline or today >= start:
        return CLOSED
    if full:
        return FULL
    if opens and today < opens:
        return NOT_OPEN
    if admission_right_until and today > admission_right_until:
        return LATE
    return OPEN


def accepts_applications(state: str) -> bool:
    return state in (OPEN, LATE)
