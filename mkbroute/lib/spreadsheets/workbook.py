"""The .xlsx writer: XlsxWriter lays out the workbook, and the rows stream into its one sheet.

XlsxWriter (in constant_memory mode, so its strings are inline as ours are) makes every part
of the file: styles with the date formats, the bold header row, column widths, the frozen
header and the autofilter. Its per-cell API costs some 11 µs a cell, 0.1 of the CSV export's
speed with our 37 columns, so the data rows are written here, in the same markup, as the
typed cells they are: a text cell is never a formula, whatever it starts with. The zip is
written as it goes (with data descriptors), so the download starts at once and memory stays
flat.
"""

import datetime
import io
import re
import zipfile

import xlsxwriter
from django.utils import timezone
from xlsxwriter.utility import quote_sheetname, xl_col_to_name, xl_range, xl_range_abs

from .cells import Kind, phone_display
from .delimited import local

SHEET = "xl/worksheets/sheet1.xml"
WORKBOOK = "xl/workbook.xml"
EPOCH = datetime.datetime(1899, 12, 30)  # day 0 of spreadsheets' serial dates
DAY = datetime.timedelta(days=1)
TEXT_LIMIT = 32_767  # characters a cell holds in Excel
# Characters XML 1.0 cannot carry at all; tab and line breaks it can.
UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
FORMATS = {
    Kind.MOMENT: "dd-mm-yyyy hh:mm",
    Kind.DATE: "dd-mm-yyyy",
}
WIDTHS = {Kind.TEXT: 18, Kind.PHONE: 16, Kind.NUMBER: 10, Kind.MOMENT: 16, Kind.DATE: 11}
ROWS_A_WRITE = 200
PRESERVED = '<t xml:space="preserve">'  # leading and trailing spaces and line breaks too
# Spreadsheet programs read _xHHHH_ in a cell's text as the character with that code: text
# that holds such a sequence gets its underscore written as _x005F_, so it reads as typed.
CHARACTER_CODE = re.compile("_(x[0-9A-Fa-f]{4}_)")


def escape(text):
    if len(text) > TEXT_LIMIT:
        text = text[:TEXT_LIMIT]
    text = UNWRITABLE.sub("", text)
    if "_x" in text:  # rare: the substring test spares nearly every cell the expression
        text = CHARACTER_CODE.sub(r"_x005F_\1", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def layout(columns, sheet_name):
    """The workbook's parts from XlsxWriter with the header row and one sample row, and the
    style of each date kind as the sample row shows it."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True})
    sheet = book.add_worksheet(sheet_name)
    bold = book.add_format({"bold": True})
    for n, column in enumerate(columns):
        width = column.width or max(WIDTHS[column.kind], len(column.header) + 2)
        sheet.set_column(n, n, width)
        sheet.write_string(0, n, column.header, bold)
    sample = datetime.datetime(2000, 1, 1)
    for n, num_format in enumerate(FORMATS.values()):
        sheet.write_datetime(1, n, sample, book.add_format({"num_format": num_format}))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, 0, len(columns) - 1)
    book.close()
    with zipfile.ZipFile(buffer) as archive:
        parts = {name: archive.read(name).decode() for name in archive.namelist()}
    styles = re.findall(r'<c r="[A-Z]+2" s="(\d+)">', parts[SHEET])
    return parts, dict(zip(FORMATS, styles, strict=True))


def cell_writers(columns, styles):
    """Per column, the function from (row number, value) to the cell's XML, or "" if empty."""
    zone = timezone.get_current_timezone()

    def writer(letter, kind):
        start = f'<c r="{letter}'
        style = styles.get(kind)

        def text(row, value):
            if not value:
                return ""
            return f'{start}{row}" t="inlineStr"><is>{PRESERVED}{escape(value)}</t></is></c>'

        def phone(row, value):
            return text(row, value and phone_display(value))

        def number(row, value):
            return "" if value is None else f'{start}{row}"><v>{value}</v></c>'

        def moment(row, value):
            if value is None:
                return ""
            serial = (local(value, zone).replace(tzinfo=None) - EPOCH) / DAY
            return f'{start}{row}" s="{style}"><v>{serial}</v></c>'

        def date(row, value):
            if value is None:
                return ""
            return f'{start}{row}" s="{style}"><v>{(value - EPOCH.date()).days}</v></c>'

        return {
            Kind.TEXT: text,
            Kind.PHONE: phone,
            Kind.NUMBER: number,
            Kind.MOMENT: moment,
            Kind.DATE: date,
        }[kind]

    return [writer(xl_col_to_name(n), column.kind) for n, column in enumerate(columns)]


class Pipe:
    """A write-only file for zipfile whose bytes the generator passes on; without tell()
    zipfile writes each part's sizes after its data, so nothing is written twice."""

    def __init__(self):
        self.parts = []

    def write(self, data):
        self.parts.append(bytes(data))
        return len(data)

    def flush(self):
        pass

    def take(self):
        data = b"".join(self.parts)
        self.parts.clear()
        return data


def chunks(columns, rows, sheet_name="Blad1"):
    """The .xlsx file in parts: the layout at once, then the sheet as its rows are written,
    then the workbook, whose filter range needs the number of rows."""
    parts, styles = layout(columns, sheet_name)
    sheet = parts.pop(SHEET)
    head = re.sub(r"<dimension [^>]*/>", "", sheet[: sheet.index('<row r="2"')])
    tail = sheet[sheet.index("</sheetData>") :]
    workbook = parts.pop(WORKBOOK)
    cells = cell_writers(columns, styles)
    last = len(columns) - 1
    pipe = Pipe()
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
        yield pipe.take()
        number = 1
        with archive.open(SHEET, "w") as entry:
            entry.write(head.encode())
            batch = []
            for number, row in enumerate(rows, start=2):
                batch.append(f'<row r="{number}">')
                batch.extend([cell(number, value) for cell, value in zip(cells, row, strict=True)])
                batch.append("</row>")
                if number % ROWS_A_WRITE == 0:
                    entry.write("".join(batch).encode("utf-8", "replace"))
                    batch.clear()
                    yield pipe.take()
            entry.write("".join(batch).encode("utf-8", "replace"))
            filtered = f'ref="{xl_range(0, 0, number - 1, last)}"'
            entry.write(tail.replace(f'ref="{xl_range(0, 0, 0, last)}"', filtered, 1).encode())
        name = quote_sheetname(sheet_name)
        filtered = f">{name}!{xl_range_abs(0, 0, number - 1, last)}<"
        placeholder = f">{name}!{xl_range_abs(0, 0, 0, last)}<"
        archive.writestr(WORKBOOK, workbook.replace(placeholder, filtered, 1))
    yield pipe.take()
