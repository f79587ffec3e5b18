"""What an intake's application state is on a given day: a pure rule, tested on its own."""

import datetime

NOT_OPEN = "not_open"  # applications open later
OPEN = "open"  # applying now gives a right to a place
LATE = "late"  # still possible, at the hogeschool's discretion
FULL = "full"
CLOSED = "closed"


def intake_state(
    today: datetime.date,
    *,
    start: datetime.date,
    deadline: datetime.date,
    opens: datetime.date | None = None,
    guaranteed_before: datetime.date | None = None,
    full: bool = False,
) -> str:
    """The state of an intake on today.

    deadline is the last day to apply; guaranteed_before is the first day on which applying
    no longer gives a right to a place (1 May for a September start), if there is one.
    """
    if today > deadline or today >= start:
        return CLOSED
    if full:
        return FULL
    if opens and today < opens:
        return NOT_OPEN
    if guaranteed_before and today >= guaranteed_before:
        return LATE
    return OPEN


def accepts_applications(state: str) -> bool:
    return state in (OPEN, LATE)
