import csv
import datetime
import io
import zipfile

import openpyxl
import pytest
from django.utils import timezone

from mkbroute.lib.spreadsheets import Column, Kind, chosen_format, spreadsheet_response
from mkbroute.lib.spreadsheets.cells import phone_display, phone_text

COLUMNS = [
    Column("Naam"),
    Column("Telefoon", Kind.PHONE),
    Column("Aantal", Kind.NUMBER),
    Column("Sinds", Kind.MOMENT),
    Column("Start", Kind.DATE),
    Column("Bericht", Kind.TEXT, width=50),
]
# 29 November 2026, 02:02:18 in Amsterdam (UTC+1), as a PostgreSQL and an SQLite driver give it.
AWARE = datetime.datetime(2026, 11, 29, 1, 2, 18, tzinfo=datetime.UTC)
NAIVE_UTC = datetime.datetime(2026, 7, 1, 10, 30)
ROWS = [
    ("Zoë", "0612345678", 2, AWARE, datetime.date(2027, 2, 1), "Een\nvraag & <meer>"),
    ("=SOM(1;2)", "+31612345678", 0, NAIVE_UTC, None, "@cmd|' /C calc'!A0"),
    ("-1+1", "", None, None, None, None),
]


def xlsx(rows=ROWS, columns=COLUMNS):
    response = spreadsheet_response("proef", columns, iter(rows), "xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="proef.xlsx"'
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("0612345678", "06 12345678"),
        ("06-123 456 78", "06 12345678"),
        ("(020) 123 4567", "020 1234567"),
        ("0513123456", "0513 123456"),
        ("+31612345678", "+31 6 12345678"),
        ("+31 (0)20 1234567", "+31 20 1234567"),
        ("0031612345678", "+31 6 12345678"),
        ("+32470123456", "+32 470123456"),
        ("+12125551234", "+1 2125551234"),
        ("+3531234567", "+353 1234567"),
    ],
)
def test_phone_numbers_get_one_display_form_with_a_space_after_the_prefix(typed, shown):
    assert phone_display(typed) == shown
    assert phone_text(typed) == shown, "a + before digits is no formula"


def test_a_phone_number_of_no_known_form_is_shown_as_typed_and_neutralised_if_need_be():
    assert phone_display("612345678") == "612345678"
    assert phone_text("=1+2") == "'=1+2"
    assert phone_text("+=1") == "'+=1"


def test_csv_cells_are_written_as_dutch_spreadsheets_read_them():
    response = spreadsheet_response("proef", COLUMNS, iter(ROWS), "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    raw = b"".join(response.streaming_content).decode("utf-8")
    assert raw.startswith("\ufeffNaam;Telefoon;")
    rows = list(csv.reader(io.StringIO(raw[1:], newline=""), delimiter=";"))
    assert rows[1] == ["Zoë", "06 12345678", "2", "2026-11-29 02:02", "2027-02-01", rows[1][5]]
    assert rows[1][5] == "Een\nvraag & <meer>"
    assert rows[2][:4] == ["'=SOM(1;2)", "+31 6 12345678", "0", "2026-07-01 12:30"]
    assert rows[2][5] == "'@cmd|' /C calc'!A0"
    assert rows[3] == ["'-1+1", "", "", "", "", ""]


def test_xlsx_cells_are_typed_and_text_is_never_a_formula():
    sheet = xlsx().active
    header, zoe, hostile, empty = sheet.iter_rows(values_only=True)
    assert header == tuple(column.header for column in COLUMNS)
    assert zoe == (
        "Zoë",
        "06 12345678",
        2,
        datetime.datetime(2026, 11, 29, 2, 2, 18),  # in Amsterdam, as the staff know it
        datetime.datetime(2027, 2, 1),
        "Een\nvraag & <meer>",
    )
    assert hostile == (
        "=SOM(1;2)",
        "+31 6 12345678",
        0,
        datetime.datetime(2026, 7, 1, 12, 30),
        None,
        "@cmd|' /C calc'!A0",
    )
    assert empty == ("-1+1", None, None, None, None, None)
    types = {cell.coordinate: cell.data_type for row in sheet.iter_rows(min_row=2) for cell in row}
    assert types["A3"] == types["B3"] == types["F3"] == types["A4"] == "s", "text, not a formula"
    assert types["C2"] == "n" and types["D2"] == types["E2"] == "d"
    assert sheet["D2"].number_format == "dd-mm-yyyy hh:mm"


def test_the_xlsx_header_is_frozen_bold_filtered_over_every_row_and_columns_fit():
    book = xlsx()
    sheet = book.active
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:F4"
    assert sheet["A1"].font.b
    assert sheet.column_dimensions["F"].width > 50 > sheet.column_dimensions["C"].width > 9


def test_an_xlsx_export_without_rows_is_a_workbook_with_just_the_header():
    sheet = xlsx(rows=[]).active
    assert list(sheet.iter_rows(values_only=True)) == [tuple(c.header for c in COLUMNS)]
    assert sheet.auto_filter.ref == "A1:F1"


def test_characters_xml_cannot_hold_are_left_out_of_an_xlsx_cell():
    sheet = xlsx(rows=[("a\x00b\x1bc\td", "", 1, None, None, "x" * 40_000)]).active
    assert sheet["A2"].value == "abc\td"
    assert len(sheet["F2"].value) == 32_767, "the most characters a cell holds in Excel"


def test_text_that_looks_like_a_character_code_is_written_with_its_underscore_escaped():
    # openpyxl reads cells without decoding _xHHHH_; a spreadsheet program does (see
    # tests/leads/test_export_in_libreoffice.py), and reads the escaped underscore back.
    typed = "_x0041_ en _x000D_ en _x12_"
    sheet = xlsx(rows=[(typed, "", 1, None, None, "")]).active
    assert sheet["A2"].value == "_x005F_x0041_ en _x005F_x000D_ en _x12_"


def test_the_xlsx_download_starts_before_the_rows_are_read():
    def rows():
        raise AssertionError("read too early")
        yield

    response = spreadsheet_response("proef", COLUMNS, rows(), "xlsx")
    first = next(iter(response))
    assert first.startswith(b"PK"), "the workbook's layout leaves at once"
    with pytest.raises(AssertionError, match="too early"):
        b"".join(response)


def test_a_query_chooses_format_and_delimiter_and_keeps_only_its_filters(rf):
    query = rf.get("/?format=xlsx&delimiter=comma&status=nieuw").GET.copy()
    assert chosen_format(query) == ("xlsx", ",")
    assert query.urlencode() == "status=nieuw"
    assert chosen_format(rf.get("/?format=pdf&delimiter=%00").GET.copy()) == ("csv", ";")


def test_moments_are_shown_in_the_current_time_zone():
    with timezone.override("UTC"):
        sheet = xlsx().active
    assert sheet["D2"].value == datetime.datetime(2026, 11, 29, 1, 2, 18)


def test_excel_finds_the_filter_range_in_the_workbook_too():
    response = spreadsheet_response("proef", COLUMNS, iter(ROWS), "xlsx", sheet="Mijn leads")
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as archive:
        workbook = archive.read("xl/workbook.xml").decode()
    assert ">'Mijn leads'!$A$1:$F$4</definedName>" in workbook
