"""A source that fails or sends what the contract forbids: the run is logged with a Dutch
reason and the catalogue stays exactly as it was, also where a careless importer would
already have saved the programmes it read before the failure."""

import re

import pytest
from django.core.management import CommandError
from django.db import DatabaseError

from programmes.models import ImportRun, Intake, Programme
from tests.helpers import command_output
from tests.programmes.ooapi_server import text
from tests.programmes.test_import_ooapi import catalogue, source_program

pytestmark = pytest.mark.django_db


def offerings_path(ooapi, name):
    return f"/programs/{source_program(ooapi, name)['programId']}/offerings"


def fail_on_the_bachelor(fault):
    """The bachelor's offerings are read last (the dual programme comes first)."""

    def arrange(ooapi, settings):
        ooapi.fail(fault, on=offerings_path(ooapi, "Bedrijfskunde"))

    return arrange


def wrong_token(ooapi, settings):
    ooapi.token, settings.OOAPI_TOKEN = "het-goede-token", "een-verlopen-token"


def unknown_mode_of_study(ooapi, settings):
    source_program(ooapi, "Bedrijfskunde")["modeOfStudy"] = "evening"
    ooapi.breaks_contract = True
    ooapi.publish()


def huge_description(ooapi, settings):
    source_program(ooapi, "Bedrijfskunde")["description"] = text("Veel tekst. " * 900_000)
    ooapi.publish()


def start_date_that_is_no_date(ooapi, settings):
    starts = ooapi.offerings[source_program(ooapi, "Bedrijfskunde")["programId"]]
    starts[0]["startDate"] = "1 september"
    ooapi.breaks_contract = True
    ooapi.publish()


BAD_SOURCES = {
    "a 500": (fail_on_the_bachelor("500"), "gaf een serverfout (500)"),
    "a hang": (fail_on_the_bachelor("hang"), "antwoordde niet binnen 0.5 seconden"),
    "a 401": (wrong_token, "weigert de toegang (401)"),
    "invalid JSON": (fail_on_the_bachelor("invalid-json"), "is geen geldige JSON"),
    "endless pages": (fail_on_the_bachelor("endless-pages"), "het bladeren stopt nooit"),
    "an unknown enum value": (unknown_mode_of_study, "modeOfStudy heeft de onbekende waarde"),
    "a 10 MB description": (huge_description, "is groter dan 5 MB"),
    "a start that is no date": (start_date_that_is_no_date, "startDate is geen datum"),
}


@pytest.mark.parametrize("arrange, reason", BAD_SOURCES.values(), ids=BAD_SOURCES.keys())
def test_a_bad_source_is_logged_with_its_reason_and_changes_nothing(
    ooapi, settings, arrange, reason
):
    command_output("import_ooapi")
    Programme.objects.update(published=True)
    before = catalogue()
    # What a run would change if it saved what it read before the failure.
    source_program(ooapi, "Ondernemen")["name"] = text("Ondernemen in het mkb")
    ooapi.publish()
    arrange(ooapi, settings)

    with pytest.raises(CommandError, match=re.escape(reason)):
        command_output("import_ooapi")

    assert catalogue() == before
    run = ImportRun.objects.first()
    assert run.status == "failed" and reason in run.reason
    assert run.lines == [] and run.changed == 0


def test_a_text_without_dutch_skips_that_programme_and_leaves_it_as_it_was(ooapi):
    command_output("import_ooapi")
    Programme.objects.update(published=True)
    before = catalogue()
    bachelor = source_program(ooapi, "Bedrijfskunde")
    bachelor["name"] = text("Business Administration", "en-GB")
    bachelor["duration"] = "P3Y"
    ooapi.publish()

    output = command_output("import_ooapi")

    assert catalogue() == before, "not changed, and not unpublished: it is still in the source"
    assert "heeft geen Nederlandse tekst (nl-NL) voor name" in output
    assert ImportRun.objects.first().skipped == 2


def test_a_source_that_suddenly_lists_nothing_unpublishes_nothing(ooapi):
    command_output("import_ooapi")
    Programme.objects.update(published=True)
    before = catalogue()
    ooapi.publish([], {})

    with pytest.raises(CommandError, match="De bron geeft geen enkele opleiding"):
        command_output("import_ooapi")

    assert catalogue() == before


def test_a_failure_half_way_leaves_no_half_programme(ooapi, monkeypatch):
    command_output("import_ooapi")
    source_program(ooapi, "Ondernemen")["name"] = text("Ondernemen in het mkb")
    bachelor = source_program(ooapi, "Bedrijfskunde")
    bachelor["name"] = text("Bedrijfskunde in deeltijd")
    starts = ooapi.offerings[bachelor["programId"]]
    starts[0]["maxNumberStudents"] = 12
    ooapi.publish()
    save = Intake.save

    def failing_save(intake, *args, **kwargs):
        if intake.capacity == 12:
            raise DatabaseError("disk full")
        return save(intake, *args, **kwargs)

    monkeypatch.setattr(Intake, "save", failing_save)

    with pytest.raises(CommandError, match=r"Opslaan mislukte \(disk full\)"):
        command_output("import_ooapi")

    assert Programme.objects.get(croho_code="80072").name == "Ondernemen in het mkb"
    bachelor = Programme.objects.get(croho_code="34035")
    assert bachelor.name == "Bedrijfskunde", "saved before its intake failed, and rolled back"
    run = ImportRun.objects.first()
    assert run.status == "failed" and run.changed == 1


def test_a_hang_costs_the_timeout_once_per_try_and_no_more(ooapi, settings):
    settings.OOAPI_RETRIES = 2
    ooapi.fail("hang")

    with pytest.raises(CommandError, match=r"\(3 keer geprobeerd\)"):
        command_output("import_ooapi")

    assert len(ooapi.served) == 3
