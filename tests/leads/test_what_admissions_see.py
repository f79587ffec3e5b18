"""One table (leads.export.SHOWN) says what admissions see of a submission, on the lead's admin
page and in the export; a Submission field is in it or deliberately left out of it."""

import csv
import io
import re

import pytest

from leads.admin import SubmissionInline
from leads.export import COLUMNS, NOT_SHOWN, SHOWN
from leads.models import Submission
from tests.factories import make_lead

URL = "/admin/leads/lead/export/"


def test_it_shows_every_submission_field_or_says_why_not():
    fields = [*Submission._meta.concrete_fields, *Submission._meta.local_many_to_many]
    names = {field.name for field in fields}
    shown = {entry.field for entry in SHOWN} - {None}
    forgotten = names - shown - set(NOT_SHOWN)
    assert not forgotten, "show these in leads.export.SHOWN, or say in NOT_SHOWN why not"
    assert shown <= names, "SHOWN names only Submission fields"
    assert set(NOT_SHOWN) <= names - shown, "NOT_SHOWN names fields that are not shown"


def test_the_admin_page_shows_what_the_table_places_there_in_its_order():
    placed = [entry.admin or entry.field for entry in SHOWN if entry.section]
    fieldsets = [options["fields"] for _title, options in SubmissionInline.fieldsets]
    on_page = [name for fields in fieldsets for name in fields]
    assert sorted(on_page) == sorted(placed)
    for fields in fieldsets:
        places = [placed.index(name) for name in fields]
        assert places == sorted(places), fields
    assert SubmissionInline.readonly_fields == on_page, "nothing on it is editable"


def test_the_export_keeps_its_columns_in_their_order():
    assert [column.header for column in COLUMNS] == [
        "Voornaam",
        "Achternaam",
        "E-mail",
        "Telefoon",
        "Status",
        "Eerste contact",
        "Laatste inzending",
        "Aantal inzendingen",
        "Doelgroep",
        "Persona",
        "Toon",
        "Opleidingen",
        "Vraag",
        "Activiteit",
        "Aanmelding geannuleerd",
        "Hoogste opleiding",
        "Al een mkb-werkgever",
        "Werkgever",
        "Werkgever is mkb",
        "Uren per week",
        "Gewenste start",
        "Postcode",
        "Bericht",
        "Toestemming contact",
        "Toestemming nieuwsbrief",
        "Toestemming delen met werkgevers",
        "Versie privacyverklaring",
        "Eerste pagina",
        "Pagina formulier",
        "Verwijzende site",
        "Kanaal",
        "utm_source (eerste)",
        "utm_medium (eerste)",
        "utm_campaign (eerste)",
        "utm_content (eerste)",
        "utm_term (eerste)",
        "utm_source",
        "utm_medium",
        "utm_campaign",
        "utm_content",
        "utm_term",
        "Notities",
    ]


@pytest.mark.django_db
def test_the_postcode_and_whether_someone_has_a_werkgever_are_on_the_page_and_in_the_export(
    admissions,
):
    looking = make_lead("zoekt@example.nl", postcode="3511", has_employer=False)
    make_lead("heeft@example.nl", postcode="9711", has_employer=True, first_utm_content="reel")
    make_lead("onbekend@example.nl")

    page = admissions.get(f"/admin/leads/lead/{looking.pk}/change/").content.decode()
    assert re.search(
        r"<label>Postcode \(4 cijfers\):</label>\s*<div class=\"readonly\">3511<", page
    )
    assert re.search(r"<label>Al een mkb-werkgever:</label>\s*<div class=\"readonly\">nee<", page)

    raw = b"".join(admissions.get(URL).streaming_content).decode("utf-8-sig")
    header, *rows = csv.reader(io.StringIO(raw, newline=""), delimiter=";")
    cells = {row[2]: dict(zip(header, row, strict=True)) for row in rows}
    answers = {email: (c["Postcode"], c["Al een mkb-werkgever"]) for email, c in cells.items()}
    assert answers == {
        "zoekt@example.nl": ("3511", "nee"),
        "heeft@example.nl": ("9711", "ja"),
        "onbekend@example.nl": ("", "onbekend"),
    }
    assert cells["heeft@example.nl"]["utm_content (eerste)"] == "reel"


def test_the_start_reads_as_people_say_it_on_the_page_and_in_the_export(admissions):
    soon = make_lead("snel@example.nl", preferred_start="asap")
    make_lead("februari@example.nl", preferred_start="2027-02")
    page = admissions.get(f"/admin/leads/lead/{soon.pk}/change/").content.decode()
    assert re.search(r"<label>Gewenste start:</label>\s*<div class=\"readonly\">zo snel", page)
    assert "asap" not in page

    raw = b"".join(admissions.get(URL).streaming_content).decode("utf-8-sig")
    header, *rows = csv.reader(io.StringIO(raw, newline=""), delimiter=";")
    starts = {row[2]: dict(zip(header, row, strict=True))["Gewenste start"] for row in rows}
    assert starts == {"snel@example.nl": "zo snel mogelijk", "februari@example.nl": "februari 2027"}
