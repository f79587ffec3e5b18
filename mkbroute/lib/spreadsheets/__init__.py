"""Exports that staff open in a spreadsheet: one table of typed columns, as CSV or .xlsx.

    from mkbroute.lib.spreadsheets import Column, Kind, spreadsheet_response

    COLUMNS = [Column("Naam"), Column("Telefoon", Kind.PHONE), Column("Sinds", Kind.MOMENT)]
    return spreadsheet_response("werkplekken-2026-11-29", COLUMNS, rows, "xlsx")

`rows` is any iterable of sequences, one value a column, read as the response streams:
text (a str or None), numbers, aware datetimes (or naive ones in UTC, as SQLite returns them),
dates. Every text is written so that no spreadsheet runs it as a formula.
"""

from dataclasses import dataclass

from django.http import StreamingHttpResponse

from . import delimited, workbook
from .cells import Kind

__all__ = ["FORMATS", "Column", "Kind", "chosen_format", "spreadsheet_response"]

WRITE_SIZE = 1 << 16
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMATS = tuple(CONTENT_TYPES)
DELIMITERS = {"semicolon": ";", "comma": ","}


@dataclass(frozen=True)
class Column:
    """A column of an export: its Dutch header, its kind and, if the kind's is too narrow,
    its width in characters (for .xlsx)."""

    header: str
    kind: Kind = Kind.TEXT
    width: int | None = None


def chosen_format(query):
    """The format and CSV delimiter a query asks for (?format=xlsx, ?delimiter=comma), taken
    out of the (mutable) QueryDict so that what is left are the export's own filters."""
    format = query.pop("format", ["csv"])[-1]
    delimiter = query.pop("delimiter", ["semicolon"])[-1]
    return (format if format in FORMATS else "csv"), DELIMITERS.get(delimiter, ";")


class SpreadsheetResponse(StreamingHttpResponse):
    """Rows as they are made, handed to the WSGI server some 64 KB at a time.

    Middleware and the test client see one row per item of streaming_content; the server
    would otherwise write (and the client read) one HTTP chunk per row, which cost the
    export about as much as making the rows. The first part goes at once: the download
    starts while the database is still sorting.
    """

    def __iter__(self):
        parts = super().__iter__()
        yield next(parts, b"")
        batch, size = [], 0
        for part in parts:
            batch.append(part)
            size += len(part)
            if size >= WRITE_SIZE:
                yield b"".join(batch)
                batch, size = [], 0
        if batch:
            yield b"".join(batch)


def spreadsheet_response(filename, columns, rows, format="csv", delimiter=";", sheet="Blad1"):
    """A download of `rows` under `columns` as filename.csv or filename.xlsx, streamed."""
    if format == "xlsx":
        content = workbook.chunks(columns, rows, sheet)
    else:
        content = delimited.lines(columns, rows, delimiter)
    response = SpreadsheetResponse(content, content_type=CONTENT_TYPES[format], charset="utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{format}"'
    return response
