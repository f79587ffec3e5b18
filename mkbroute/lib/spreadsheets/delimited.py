"""The CSV writer: one line a row, each cell in the form Dutch Excel and LibreOffice read right."""

import csv
import datetime
from operator import call

from django.utils import timezone

from .cells import Kind, neutralise, phone_text


class Echo:
    """A file-like object whose write returns what it was given, for streaming csv.writer."""

    def write(self, value):
        return value


def local(moment, zone):
    if moment.tzinfo is None:  # from SQLite's driver: in UTC, as Django stores every moment
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment.astimezone(zone)


def cell_writers():
    """Per kind, the function from a value to its CSV text, in the current time zone."""
    zone = timezone.get_current_timezone()

    def moment(value):
        # Without seconds or offset: "2026-11-29 02:02" is what spreadsheets take for a date
        # (isoformat and a slice: a third faster than strftime over 200,000 moments).
        return "" if value is None else local(value, zone).isoformat(" ", "minutes")[:16]

    def number(value):
        return "" if value is None else value

    return {
        Kind.TEXT: neutralise,
        Kind.PHONE: phone_text,
        Kind.NUMBER: number,
        Kind.MOMENT: moment,
        Kind.DATE: lambda value: "" if value is None else value.isoformat(),
    }


def lines(columns, rows, delimiter=";"):
    """The CSV text: a BOM (so that Excel reads UTF-8) and the headers, then one line a row."""
    writer = csv.writer(Echo(), delimiter=delimiter, lineterminator="\r\n")
    by_kind = cell_writers()
    cells = [by_kind[column.kind] for column in columns]
    yield "\ufeff" + writer.writerow([column.header for column in columns])
    for row in rows:
        yield writer.writerow(map(call, cells, row))
