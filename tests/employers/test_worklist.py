import csv
import datetime
import io
import re

import pytest
import time_machine
from django.utils import timezone

from employers.models import Introduction
from leads.models import ExportLog
from results import lead_days
from tests.factories import make_intake, make_lead, make_programme

from .helpers import make_werkplek

pytestmark = pytest.mark.django_db
WORKLIST = "/admin/zonder-werkplek/"


@pytest.fixture
def ict():
    return make_programme(name="Software Development")


def waiting(email, ict, start, **details):
    values = {"postcode": "3512", "has_employer": False, "preferred_start": start, **details}
    return make_lead(email, programmes=[ict], **values)


def test_who_wants_to_start_without_an_employer_is_on_it_by_start(admissions, ict):
    september = make_intake(ict, start_in_days=300).start_date
    month = f"{september:%Y-%m}"
    waiting("a@example.nl", ict, month, first_name="Anna")
    waiting("b@example.nl", ict, "asap", first_name="Bram")
    waiting("c@example.nl", ict, month, has_employer=True, first_name="Cas")
    waiting("d@example.nl", ict, "", first_name="Dirk")  # no start: not yet
    waiting("e@example.nl", ict, month, first_name="Eva", status="geen_interesse")
    placed = waiting("f@example.nl", ict, month, first_name="Fleur")
    Introduction.objects.create(lead=placed, werkplek=make_werkplek(), status="akkoord")
    page = admissions.get(WORKLIST).content.decode()
    assert "Anna" in page and "Bram" in page
    for name in ("Cas", "Dirk", "Eva", "Fleur"):
        assert name not in page
    assert "2 personen" in page  # "zo snel mogelijk" counts for the next intake
    assert "binnenkort" not in page


def test_a_start_with_more_people_than_shown_says_how_many_are_left_out(admissions, ict):
    month = f"{make_intake(ict, start_in_days=300).start_date:%Y-%m}"
    for n in range(27):
        waiting(f"p{n}@example.nl", ict, month)
    page = admissions.get(WORKLIST).content.decode()
    assert "27 personen" in page
    assert "25 van 27 getoond: nog 2 met deze start staan niet in de lijst" in page


def test_a_start_is_highlighted_from_eight_weeks_before(admissions, ict):
    # A group starts on the first of its month: 100 days ahead is at least 70 days away.
    later = make_intake(ict, start_in_days=100).start_date
    waiting("a@example.nl", ict, f"{later:%Y-%m}")
    assert "binnenkort" not in admissions.get(WORKLIST).content.decode()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=60), tick=False):
        page = worklist_page()
    assert "binnenkort" in page


def worklist_page():
    """The worklist as rendered on another day (the staff session would have expired)."""
    from django.contrib import admin
    from django.contrib.auth import get_user_model
    from django.test import RequestFactory

    from employers.admin_views import worklist_view

    request = RequestFactory().get(WORKLIST)
    request.user = get_user_model().objects.get(username="toelating")
    return worklist_view(admin.site)(request).render().content.decode()


def test_a_person_on_the_worklist_shows_the_places_that_fit(admissions, ict):
    make_intake(ict, start_in_days=300)
    make_werkplek(programmes=[ict], pc4="3511", hours_per_week=32)
    waiting("a@example.nl", ict, "asap", hours_per_week=32)
    page = admissions.get(WORKLIST).content.decode()
    assert "km, 32 uur, start" in page


def test_a_person_without_a_postcode_on_the_worklist_is_shown_as_such(admissions, ict):
    make_intake(ict, start_in_days=300)
    make_werkplek(programmes=[ict], pc4="3511", hours_per_week=32)
    waiting("a@example.nl", ict, "asap", postcode="")
    page = admissions.get(WORKLIST).content.decode()
    assert "geen postcode" in page and "km, 32 uur" not in page


def test_the_worklist_exports_as_safe_csv(admissions, ict):
    make_intake(ict, start_in_days=300)
    waiting("a@example.nl", ict, "asap", first_name="=HYPERLINK(1)", hours_per_week=32)
    response = admissions.get(WORKLIST + "?format=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "zonder-werkplek" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:3] == ["Start", "Voornaam", "Achternaam"]
    assert rows[1][1] == "'=HYPERLINK(1)" and rows[1][0] == "zo snel mogelijk"
    assert rows[1][6] == "Utrecht" and rows[1][8] == "32"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", rows[1][9])
    log = ExportLog.objects.get()
    assert (log.username, log.what, log.format, log.row_count) == (
        "toelating",
        "zonder werkplek",
        "csv",
        1,
    )


def test_the_worklist_exports_as_a_typed_workbook(admissions, ict):
    import openpyxl

    make_intake(ict, start_in_days=300)
    lead = waiting("a@example.nl", ict, "asap", first_name="=1+1", hours_per_week=32)
    lead.phone = "0612345678"
    lead.save()
    response = admissions.get(WORKLIST + "?format=xlsx")
    assert (
        "zonder-werkplek" in response["Content-Disposition"]
        and ".xlsx" in response["Content-Disposition"]
    )
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.active
    row = [cell.value for cell in sheet[2]]
    assert row[1] == "=1+1" and sheet.cell(2, 2).data_type == "s"  # text, not a formula
    assert row[4] == "06 12345678" and row[8] == 32
    assert isinstance(row[9], datetime.datetime)
    assert sheet.freeze_panes == "A2"


def test_the_results_page_compares_places_with_people_per_region(admissions, ict):
    """Places as they are now; people without one as at the last fold, as the leads."""
    make_intake(ict, start_in_days=300)
    waiting("a@example.nl", ict, "asap")
    page = admissions.get("/admin/resultaten/").content.decode()
    assert 'aria-labelledby="werkplekken-title"' in page
    assert "<td>Utrecht</td><td>0</td><td>1</td>" in page
    make_werkplek(programmes=[ict], places=2)
    page = admissions.get("/admin/resultaten/").content.decode()
    assert "<td>Utrecht</td><td>2</td><td>1</td>" in page
    waiting("b@example.nl", ict, "asap")
    page = admissions.get("/admin/resultaten/").content.decode()
    assert "<td>Utrecht</td><td>2</td><td>1</td>" in page, "people as of the last fold"
    lead_days.fold()  # the worker's, every hour
    page = admissions.get("/admin/resultaten/").content.decode()
    assert "<td>Utrecht</td><td>2</td><td>2</td>" in page
