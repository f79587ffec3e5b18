import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from leads.models import ExportLog, Lead, Submission
from tests.factories import make_lead, make_programme

pytestmark = pytest.mark.django_db
URL = "/admin/leads/lead/export/"


def read_csv(response, delimiter=";"):
    assert isinstance(response, StreamingHttpResponse)
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf"), "a BOM, so Excel reads UTF-8"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=delimiter))


def test_it_exports_one_row_per_person_with_dutch_headers(admissions, personas):
    zij = personas["zij-instromer"]
    lead = make_lead(
        "ronald@example.nl",
        persona=zij,
        group=zij.target_groups.first(),
        first_name="Ronald",
        programmes=[zij.programmes.first()],
    )
    make_lead("ronald@example.nl", persona=zij, message="Tweede vraag", first_name="Ronald")
    make_lead("sanne@example.nl", persona=personas["student"])
    response = admissions.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="leads-' in response["Content-Disposition"]
    rows = read_csv(response)
    header, body = rows[0], rows[1:]
    assert header[:4] == ["Voornaam", "Achternaam", "E-mail", "Telefoon"]
    assert len(body) == 2
    ronald = dict(zip(header, next(r for r in body if r[0] == "Ronald"), strict=True))
    assert ronald["Aantal inzendingen"] == "2"
    assert ronald["Bericht"] == "Tweede vraag", "the latest submission"
    assert ronald["Opleidingen"] == str(zij.programmes.first())
    assert ronald["Toestemming contact"] == "ja"
    assert ronald["Toestemming nieuwsbrief"] == "nee"
    assert ronald["Versie privacyverklaring"] == "2026-11"
    amsterdam = timezone.localtime(lead.created_at)
    assert ronald["Eerste contact"] == f"{amsterdam:%Y-%m-%d %H:%M}", (
        "what spreadsheets read as a date"
    )


def test_it_honours_the_changelists_filters_and_search(admissions, personas):
    zij, student = personas["zij-instromer"], personas["student"]
    make_lead("a@example.nl", persona=zij, first_name="Anouk", status="in_behandeling")
    make_lead("b@example.nl", persona=zij, first_name="Bram")
    make_lead("c@example.nl", persona=student, first_name="Anouk")
    query = f"?submissions__persona__id__exact={zij.pk}&q=Anouk"
    changelist = admissions.get("/admin/leads/lead/" + query)
    assert changelist.context["cl"].result_count == 1
    escaped = query.replace("&", "&amp;")
    assert f'href="/admin/leads/lead/export/{escaped}"' in changelist.content.decode()
    rows = read_csv(admissions.get(URL + query))
    assert [r[2] for r in rows[1:]] == ["a@example.nl"]
    assert len(read_csv(admissions.get(URL + "?status__exact=nieuw"))) == 3
    log = ExportLog.objects.first()
    assert log.username == "toelating" and log.row_count == 2
    assert "status__exact=nieuw" in log.filters


def test_a_comma_is_used_on_request_and_quoting_follows_rfc_4180(admissions, personas):
    make_lead("q@example.nl", message='Een "vraag"; met\nregels, en komma', first_name="Zoë")
    response = admissions.get(URL + "?delimiter=comma")
    raw = b"".join(response.streaming_content).decode("utf-8-sig")
    assert '"Een ""vraag""; met\nregels, en komma"' in raw
    assert raw.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(raw, newline=""), delimiter=","))
    assert dict(zip(rows[0], rows[1], strict=True))["Bericht"] == (
        'Een "vraag"; met\nregels, en komma'
    )


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r", "\n"])
def test_every_formula_start_is_neutralised(admissions, start):
    make_lead("f@example.nl", message=f"{start}SUM(A1:A9)", first_name=f"{start}Naam")
    header, first = read_csv(admissions.get(URL))[:2]
    cells = dict(zip(header, first, strict=True))
    assert cells["Bericht"] == f"'{start}SUM(A1:A9)"
    assert cells["Voornaam"] == f"'{start}Naam"


def test_non_ascii_is_kept(admissions):
    make_lead("n@example.nl", first_name="Ngô", last_name="Bảo Châu ’t Ødegård")
    cells = read_csv(admissions.get(URL))[1]
    assert cells[:2] == ["Ngô", "Bảo Châu ’t Ødegård"]


@pytest.mark.parametrize("query", ["", "?format=xlsx"])
def test_anonymous_communications_and_groupless_staff_cannot_export(
    client, communications, groupless, query
):
    make_lead("geheim@example.nl")
    assert client.get(URL + query).status_code == 302
    for user in (communications, groupless):
        response = user.get(URL + query)
        assert response.status_code == 403
        assert b"geheim@example.nl" not in response.content
    assert not ExportLog.objects.exists()


def test_garbage_filters_do_not_break_the_export(admissions):
    response = admissions.get(URL + "?bestaat_niet=1&delimiter=%00")
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


def test_a_person_without_submissions_still_gets_a_row(admissions):
    Lead.objects.create(first_name="Kees", last_name="Zonder", email="kees@example.nl")
    header, row = read_csv(admissions.get(URL))
    cells = dict(zip(header, row, strict=True))
    assert cells["Voornaam"] == "Kees"
    assert cells["Aantal inzendingen"] == "0"
    assert cells["Laatste inzending"] == cells["Opleidingen"] == cells["Vraag"] == ""
    assert cells["Toestemming contact"] == cells["Versie privacyverklaring"] == ""


def test_programmes_come_from_every_submission_and_consents_from_the_latest(admissions):
    first, second = make_programme(name="Bouwkunde"), make_programme(name="Zorg")
    three_days_ago = timezone.now() - datetime.timedelta(days=3)
    lead = make_lead(
        "twee@example.nl", programmes=[second, first], education="havo", created=three_days_ago
    )
    later = Submission.record(
        {"first_name": "Twee", "last_name": "Keer", "email": "twee@example.nl", "phone": ""},
        {"intent": "callback", "education": "mbo4"},
        [first],
        {"contact": True, "newsletter": True, "partners": False},
        token="twee-later",
    )
    later.confirm_consents()
    header, row = read_csv(admissions.get(URL))
    cells = dict(zip(header, row, strict=True))
    assert cells["Aantal inzendingen"] == "2"
    assert cells["Opleidingen"] == f"{first}, {second}", "each programme once, sorted"
    assert cells["Vraag"] == "Bel mij terug"
    assert cells["Hoogste opleiding"] == "Mbo niveau 4"
    purposes = ("nieuwsbrief", "delen met werkgevers")
    assert [cells[f"Toestemming {purpose}"] for purpose in purposes] == ["ja", "nee"]
    assert cells["Eerste contact"] < cells["Laatste inzending"]
    assert Lead.objects.get().pk == lead.pk


def test_it_follows_the_changelists_sort_order_and_programme_filter(admissions):
    programme = make_programme(name="Ondernemen")
    for email in ("b@example.nl", "c@example.nl", "a@example.nl"):
        make_lead(email, programmes=[programme])
    make_lead("zonder@example.nl")
    oldest_first = "o=6"  # the changelist's sixth column, the date, ascending
    rows = read_csv(admissions.get(URL + f"?{oldest_first}&opleiding={programme.pk}"))
    assert [row[2] for row in rows[1:]] == ["b@example.nl", "c@example.nl", "a@example.nl"]


def test_the_rows_come_from_one_query_however_many_leads(admissions):
    for n in range(5):
        make_lead(f"lead{n}@example.nl")
    response = admissions.get(URL)
    with CaptureQueriesContext(connection) as queries:
        rows = read_csv(response)
    assert len(rows) == 6
    assert len(queries) == 1


def test_consents_that_wait_for_confirmation_or_were_withdrawn_say_so(admissions):
    lead = make_lead("wacht@example.nl")  # newsletter no, sharing yes but not confirmed
    header, row = read_csv(admissions.get(URL))
    cells = dict(zip(header, row, strict=True))
    assert cells["Toestemming delen met werkgevers"] == "wacht op bevestiging"
    assert cells["Toestemming contact"] == "ja"
    lead.withdraw_consents()
    header, row = read_csv(admissions.get(URL))
    cells = dict(zip(header, row, strict=True))
    assert (
        cells["Toestemming contact"] == cells["Toestemming delen met werkgevers"] == "ingetrokken"
    )
    assert cells["Toestemming nieuwsbrief"] == "nee"


def test_the_xlsx_export_has_the_csvs_rows_filters_and_log_with_typed_cells(admissions, personas):
    zij = personas["zij-instromer"]
    make_lead("a@example.nl", persona=zij, phone="0612345678", hours_per_week=16)
    make_lead("b@example.nl", persona=personas["student"])
    query = f"?submissions__persona__id__exact={zij.pk}"
    changelist = admissions.get("/admin/leads/lead/" + query).content.decode()
    assert f'href="{URL}{query}&amp;format=xlsx"' in changelist
    response = admissions.get(URL + query + "&format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert re.search(r'filename="leads-\d{4}-\d{2}-\d{2}\.xlsx"', response["Content-Disposition"])
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))["Leads"]
    header, row = sheet.iter_rows()
    cells = {name.value: cell for name, cell in zip(header, row, strict=True)}
    assert [name.value for name in header] == read_csv(admissions.get(URL + query))[0]
    assert cells["E-mail"].value == "a@example.nl"
    assert cells["Telefoon"].value == "06 12345678"
    assert cells["Aantal inzendingen"].value == 1 and cells["Uren per week"].value == 16
    assert cells["Eerste contact"].is_date
    log = ExportLog.objects.order_by("created_at").first()  # the xlsx, then the csv
    assert log.filters == query[1:], "the format is no filter"
    assert (log.what, log.format) == ("leads", "xlsx")


def test_phone_numbers_are_shown_in_one_form_and_stored_as_typed(admissions):
    lead = make_lead("t@example.nl", phone="+31612345678")
    header, row = read_csv(admissions.get(URL))
    assert dict(zip(header, row, strict=True))["Telefoon"] == "+31 6 12345678"
    lead.refresh_from_db()
    assert lead.phone == "+31612345678"
