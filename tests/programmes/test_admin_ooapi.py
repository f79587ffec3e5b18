"""The admin of a catalogue filled from OOAPI, as Communicatie uses it: the source's fields
read-only with their date, taking one over, accepting the source's change, the import log."""

import re

import pytest

from programmes.models import ImportRun, Intake, Programme
from tests.factories import make_field, make_location
from tests.helpers import command_output, form_data
from tests.programmes.ooapi_server import text
from tests.programmes.test_import_ooapi import source_program

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(ooapi):
    """The Mkb-route Ad as imported, completed by an editor with what stays ours."""
    command_output("import_ooapi")
    programme = Programme.objects.get(croho_code="80072")
    Programme.objects.filter(pk=programme.pk).update(
        field=make_field("Ondernemen"),
        admission_requirements="Mbo-4, havo of vwo.",
        workplace_requirements="Werk op hbo-niveau.",
        tuition_eur=2695,
        published=True,
    )
    programme.locations.set([make_location("Utrecht")])
    programme.refresh_from_db()
    return programme


def change_page(client, programme):
    return client.get(f"/admin/programmes/programme/{programme.pk}/change/")


def save(client, programme, **changes):
    page = change_page(client, programme).content.decode()
    data = {**form_data(page, "programme_form"), **changes}
    response = client.post(f"/admin/programmes/programme/{programme.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    programme.refresh_from_db()
    return programme


def field_tag(html, name):
    return re.search(rf'<(input|select|textarea)[^>]*name="{name}"[^>]*>', html).group(0)


def test_the_sources_fields_are_read_only_with_their_date_and_ours_are_not(
    imported, communications
):
    html = change_page(communications, imported).content.decode()

    assert "disabled" in field_tag(html, "name")
    assert "disabled" in field_tag(html, "croho_code")
    assert "Uit OOAPI, bijgewerkt op" in html
    assert "disabled" not in field_tag(html, "body")
    assert "disabled" not in field_tag(html, "admission_requirements")


def test_a_posted_value_for_a_field_of_the_source_is_ignored(imported, communications):
    save(communications, imported, name="Iets anders", body="Ons eigen verhaal.")

    assert imported.name == "Ondernemen" and imported.body == "Ons eigen verhaal."


def test_an_editor_takes_a_field_over_and_accepts_the_sources_change_later(
    imported, communications, ooapi
):
    save(communications, imported, own_fields=["name"])
    save(communications, imported, name="Ondernemen (Mkb-route)", own_fields=["name"])
    assert imported.name == "Ondernemen (Mkb-route)"
    source_program(ooapi, "Ondernemen")["name"] = text("Ondernemerschap")
    ooapi.publish()
    command_output("import_ooapi")
    imported.refresh_from_db()
    assert imported.name == "Ondernemen (Mkb-route)"

    html = change_page(communications, imported).content.decode()
    assert "Naam overnemen: “Ondernemen (Mkb-route)” wordt “Ondernemerschap”" in html
    save(communications, imported, accept_changes=["accept:name"])

    assert imported.name == "Ondernemerschap" and imported.owned_by_source("name")
    assert imported.changes_to_accept() == []


def test_an_editor_keeps_their_own_value_and_hears_of_the_next_change_only(
    imported, communications, ooapi
):
    save(communications, imported, own_fields=["name"])
    save(communications, imported, name="Ondernemen (Mkb-route)", own_fields=["name"])
    source = source_program(ooapi, "Ondernemen")
    source["name"] = text("Ondernemerschap")
    ooapi.publish()
    command_output("import_ooapi")

    save(communications, imported, own_fields=["name"], accept_changes=["keep:name"])

    assert imported.name == "Ondernemen (Mkb-route)"
    assert imported.changes_to_accept() == []
    command_output("import_ooapi")
    imported.refresh_from_db()
    assert imported.changes_to_accept() == []
    source["name"] = text("Ondernemen, duaal")
    ooapi.publish()
    command_output("import_ooapi")
    imported.refresh_from_db()
    assert [change[2] for change in imported.changes_to_accept()] == ["Ondernemen, duaal"]


def test_the_list_says_how_the_last_import_went_and_what_waits(imported, communications):
    imported.take_over("summary")
    imported.source_values["summary"] = "Een nieuwe omschrijving."
    imported.save()

    html = communications.get("/admin/programmes/programme/").content.decode()

    assert "Laatste import uit OOAPI:" in html and "2 toegevoegd" in html
    assert f"{imported}: de bron heeft een wijziging om te accepteren." in html
    assert "1 te accepteren" in html


def test_communicatie_reads_the_import_log_in_dutch_and_cannot_change_it(
    imported, communications, ooapi
):
    ooapi.fail("401")
    command_output_failing()
    failed, succeeded = ImportRun.objects.all()[:2]

    listing = communications.get("/admin/programmes/importrun/").content.decode()
    detail = communications.get(f"/admin/programmes/importrun/{succeeded.pk}/change/")

    assert "mislukt" in listing and "De bron weigert de toegang (401)" in listing
    assert "toegevoegd: Associate degree Ondernemen" in detail.content.decode()
    assert "overgeslagen: Voltijd Bedrijfskunde" in detail.content.decode()
    assert communications.get("/admin/programmes/importrun/add/").status_code == 403
    delete = f"/admin/programmes/importrun/{failed.pk}/delete/"
    assert communications.get(delete).status_code == 403


def command_output_failing():
    with pytest.raises(Exception, match="401"):
        command_output("import_ooapi")


def test_the_sources_dates_of_an_intake_are_read_only_and_ours_are_not(imported, communications):
    hand = Intake.objects.create(
        programme=imported, start_date="2030-09-01", application_deadline="2030-08-01"
    )
    html = change_page(communications, imported).content.decode()
    rows = {
        intake.pk: index for index, intake in enumerate(imported.intakes.order_by("start_date"))
    }

    imported_row = rows[imported.intakes.filter(source_id__isnull=False).first().pk]
    assert "disabled" in field_tag(html, f"intakes-{imported_row}-start_date")
    assert "disabled" not in field_tag(html, f"intakes-{imported_row}-interview_by")
    assert "disabled" not in field_tag(html, f"intakes-{rows[hand.pk]}-start_date")
    assert "uit OOAPI" in html and "met de hand" in html
