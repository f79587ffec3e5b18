"""The exports as admissions open them: converted by LibreOffice Calc (headless, Dutch locale)
and read back, so that what a real spreadsheet makes of the cells is what is checked."""

import datetime
import io
import shutil
import subprocess

import openpyxl
import pytest
from django.utils import timezone

from leads.models import Lead
from tests.factories import make_lead

SOFFICE = shutil.which("soffice")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db,
    pytest.mark.skipif(
        SOFFICE is None,
        reason="soffice is missing: install Debian's libreoffice-calc-nogui (.ci/run does)",
    ),
]
URL = "/admin/leads/lead/export/"
# Semicolon, double quote, UTF-8, from line 1, standard columns, Dutch (1043), quoted fields
# as text off, special numbers (dates) detected, and formulas evaluated: the worst case, as
# Excel does when it opens a CSV.
CSV_FILTER = "CSV Text - txt - csv (StarCalc):59,34,76,1,,1043,false,true,false,false,false,-1,true"
HOSTILE = {
    "first_name": '=HYPERLINK("http://x";"klik")',
    "last_name": "+SOM(1;2)",
    "message": "-2+3\nmet een tweede regel en ë, ç, 中文",
    "employer": "@SUM(A1)",
}


def through_libreoffice(tmp_path, name, content, infilter=None):
    """`content` saved as `name`, converted to .xlsx by LibreOffice, as an openpyxl sheet."""
    source = tmp_path / name
    source.write_bytes(content)
    out = tmp_path / "out"
    command = [SOFFICE, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless"]
    if infilter:
        command.append(f"--infilter={infilter}")
    command += ["--convert-to", "xlsx", "--outdir", str(out), str(source)]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    converted = (out / source.name).with_suffix(".xlsx").read_bytes()
    return openpyxl.load_workbook(io.BytesIO(converted)).active


@pytest.fixture
def leads(db):
    make_lead("hostile@example.nl", phone="+31612345678", hours_per_week=24, **HOSTILE)
    make_lead("zoe@example.nl", phone="0612345678", first_name="Zoë", message="Gewoon een vraag")
    return Lead.objects.order_by("email")


def by_email(sheet):
    header, *rows = sheet.iter_rows()
    names = [cell.value for cell in header]
    return {row[2].value: dict(zip(names, row, strict=True)) for row in rows}


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_libreoffice_reads_dates_as_dates_phones_as_text_and_no_formula(
    admissions, leads, tmp_path, format
):
    response = admissions.get(URL + f"?format={format}")
    content = b"".join(response.streaming_content)
    infilter = CSV_FILTER if format == "csv" else None
    rows = by_email(through_libreoffice(tmp_path, f"leads.{format}", content, infilter))
    hostile, zoe = rows["hostile@example.nl"], rows["zoe@example.nl"]

    cells = [cell for row in rows.values() for cell in row.values()]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == [], "no formulas"
    created = hostile["Eerste contact"]
    assert created.is_date and isinstance(created.value, datetime.datetime)
    in_amsterdam = timezone.localtime(leads[0].created_at).replace(tzinfo=None)
    assert created.value.replace(second=0, microsecond=0) == in_amsterdam.replace(
        second=0, microsecond=0
    )
    assert zoe["Telefoon"].value == "06 12345678" and zoe["Telefoon"].data_type == "s"
    assert hostile["Telefoon"].value == "+31 6 12345678"
    assert zoe["Voornaam"].value == "Zoë"
    assert hostile["Bericht"].value.endswith("\nmet een tweede regel en ë, ç, 中文")
    assert hostile["Aantal inzendingen"].value == 1
    assert hostile["Uren per week"].value == 24
    typed = [HOSTILE["first_name"], HOSTILE["last_name"], HOSTILE["employer"]]
    shown = [hostile[name].value for name in ("Voornaam", "Achternaam", "Werkgever")]
    if format == "xlsx":
        assert shown == typed, "a text cell needs no apostrophe"
    else:
        assert shown == ["'" + text for text in typed], "inert text, as the CSV has always had"


def test_text_that_looks_like_a_character_code_reads_back_as_typed(tmp_path):
    from mkbroute.lib.spreadsheets import Column, workbook

    typed = "_x0041_ en _x000D_ klaar"
    source = tmp_path / "tekst.xlsx"
    source.write_bytes(b"".join(workbook.chunks([Column("Tekst")], [[typed]])))
    out = tmp_path / "out"
    command = [SOFFICE, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless"]
    command += ["--convert-to", "csv", "--outdir", str(out), str(source)]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    assert (out / "tekst.csv").read_text().splitlines() == ["Tekst", typed]
