"""What a spreadsheet cell may hold and how it is shown, without Django: the kinds of column,
formula neutralising (OWASP CSV injection) and the one display form of a phone number."""

import enum
import re


class Kind(enum.StrEnum):
    """How a column's values are written: as text, a number, a date-time or a date."""

    TEXT = "text"  # anything typed by a person or staff: a text cell, never a formula
    PHONE = "phone"  # a phone number as typed: shown in one form that stays text
    NUMBER = "number"  # an int or a float: counts, hours
    MOMENT = "moment"  # an aware datetime, or a naive one in UTC as Django stores it
    DATE = "date"


FORMULA_STARTS = frozenset("=+-@\t\r\n")


def neutralise(value):
    """Text that a spreadsheet could run as a formula gets a leading apostrophe."""
    if value.__class__ is not str:
        return "" if value is None else value
    return "'" + value if value and value[0] in FORMULA_STARTS else value


# Dutch area codes of two digits after the 0 (020, 010, ...); 06 is mobile, the rest have three.
TWO_DIGIT_AREAS = frozenset(
    map(str, (10, 13, 15, 20, 23, 24, 26, 30, 33, 35, 36, 38, 40, 43, 45, 46, 50, 53, 55, 58))
) | frozenset(map(str, (*range(70, 80), 84, 85, 87, 88)))
# ITU country codes are prefix-free: these are one or two digits long, all others three.
SHORT_COUNTRY_CODES = frozenset(
    map(str, (1, 7, 20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, *range(43, 50), *range(51, 59)))
) | frozenset(map(str, (*range(60, 67), 81, 82, 84, 86, *range(90, 96), 98)))
NOT_DIGITS = re.compile(r"\D")
DISPLAYED = re.compile(r"\+?[0-9]+( [0-9]+)+")


def dutch_groups(national):
    """A Dutch number without its leading 0 as (area or 6, subscriber)."""
    if national.startswith("6"):
        split = 1
    elif national[:2] in TWO_DIGIT_AREAS:
        split = 2
    else:
        split = 3
    return national[:split], national[split:]


def country_groups(digits):
    """An international number without its + as (country code, the rest)."""
    split = next(n for n in (1, 2, 3) if n == 3 or digits[:n] in SHORT_COUNTRY_CODES)
    return digits[:split], digits[split:]


def phone_display(typed):
    """06 12345678, 020 1234567, +31 6 12345678 or +32 470123456: a space after each prefix,
    so that no spreadsheet reads the number as a number and drops its 0 or +. A number that
    fits none of these forms is shown as typed."""
    typed = typed.strip()
    digits = NOT_DIGITS.sub("", typed)
    if typed.startswith("+"):
        international = digits
    elif digits.startswith("00"):
        international = digits[2:]
    elif digits.startswith("0"):
        area, subscriber = dutch_groups(digits[1:])
        return f"0{area} {subscriber}" if subscriber else typed
    else:
        return typed
    country, rest = country_groups(international)
    if country == "31":
        area, subscriber = dutch_groups(rest.removeprefix("0"))  # +31 (0)6 ...
        return f"+31 {area} {subscriber}" if subscriber else typed
    return f"+{country} {rest}" if rest else typed


def phone_text(typed):
    """phone_display for a CSV cell: its + is no formula, anything else is neutralised."""
    if not typed:
        return ""
    shown = phone_display(typed)
    return shown if DISPLAYED.fullmatch(shown) else neutralise(shown)
