"""Working days as an mkb employer counts them: Monday to Friday, without the Dutch public
holidays on which nearly every business is closed (those of the general holidays act that
fall on a weekday; Good Friday and Liberation Day are days off only in some sectors' CAOs,
so they count as working days). Computed, not listed, so that no year runs out."""

import datetime
import functools


def working_days_between(start, end):
    """The working days after start, up to and including end."""
    if end <= start:
        return 0
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    extra = sum(1 for n in range(1, rest + 1) if (start + datetime.timedelta(days=n)).weekday() < 5)
    off = sum(
        1
        for year in range(start.year, end.year + 1)
        for holiday in holidays(year)
        if start < holiday <= end and holiday.weekday() < 5
    )
    return weeks * 5 + extra - off


@functools.cache
def holidays(year):
    """The public holidays of that year on which businesses close."""
    easter = easter_sunday(year)
    king = datetime.date(year, 4, 27)
    if king.weekday() == 6:  # Koningsdag on a Sunday moves to the Saturday before
        king -= datetime.timedelta(days=1)
    return frozenset(
        {
            datetime.date(year, 1, 1),  # Nieuwjaarsdag
            easter + datetime.timedelta(days=1),  # Tweede Paasdag
            king,
            easter + datetime.timedelta(days=39),  # Hemelvaartsdag
            easter + datetime.timedelta(days=50),  # Tweede Pinksterdag
            datetime.date(year, 12, 25),  # Eerste Kerstdag
            datetime.date(year, 12, 26),  # Tweede Kerstdag
        }
    )


def easter_sunday(year):
    """Easter Sunday in the Gregorian calendar (the anonymous algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday) // 451
    month, day = divmod(h + weekday - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)
