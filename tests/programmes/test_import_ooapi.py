"""manage.py import_ooapi against a real OOAPI v5 server on this machine: what it takes, what
it leaves ours, and that importing twice changes nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mkbroute.lib.content import content_version, forget_version
from programmes.models import Field, ImportRun, Intake, OtherCost, Programme
from tests.factories import make_programme
from tests.helpers import command_output
from tests.programmes.ooapi_server import program, text

pytestmark = pytest.mark.django_db


def catalogue():
    """Everything the import could touch, as plain values (updated_at included)."""
    return [
        list(model.objects.order_by("pk").values())
        for model in (Programme, Intake, OtherCost, Field)
    ]


def source_program(ooapi, name):
    return next(p for p in ooapi.programs if p["name"][0]["value"] == name)


def test_it_takes_the_dual_associate_degree_with_its_three_starts(ooapi):
    output = command_output("import_ooapi")

    ad = Programme.objects.get(croho_code="80072")
    assert (ad.name, ad.degree, ad.ec, ad.duration_years) == ("Ondernemen", "ad", 120, 2)
    assert ad.summary == "Een Associate degree waarin je werkt bij een mkb-bedrijf en leert."
    assert ad.school_url == "https://www.hogeschool-voorbeeld.nl/opleidingen/ad-ondernemen"
    assert ad.slug == "ad-ondernemen"
    assert not ad.published, "staff complete and publish a new programme themselves"
    year = datetime.date.today().year + 1
    intakes = list(ad.intakes.order_by("start_date"))
    assert [i.start_date for i in intakes] == [
        datetime.date(year, 9, 1),
        datetime.date(year + 1, 2, 1),
        datetime.date(year + 1, 9, 1),
    ]
    first = intakes[0]
    assert first.application_deadline == datetime.date(year, 8, 15)
    assert first.applications_open == datetime.date(year, 9, 1) - datetime.timedelta(days=270)
    assert [i.capacity for i in intakes] == [30, 20, 30]
    assert [i.registration_closed for i in intakes] == [False, False, True]
    costs = {(c.valid_from, c.valid_to): c.amount_eur for c in ad.other_costs.all()}
    assert costs == {
        (datetime.date(year, 9, 1), datetime.date(year + 1, 8, 31)): Decimal("2695.00"),
        (datetime.date(year + 1, 9, 1), datetime.date(year + 2, 8, 31)): Decimal("2800.00"),
    }
    bachelor = Programme.objects.get(croho_code="34035")
    assert (bachelor.degree, bachelor.ec, bachelor.duration_years) == ("bachelor", 240, 4)
    assert not Programme.objects.filter(croho_code="34036").exists()
    assert "Voltijd Bedrijfskunde: voltijd: alleen duaal en deeltijd" in output
    run = ImportRun.objects.get()
    assert (run.status, run.added, run.changed, run.skipped) == ("ok", 2, 0, 1)


def test_importing_twice_changes_nothing_the_second_time(ooapi):
    command_output("import_ooapi")
    before = catalogue()

    with CaptureQueriesContext(connection) as queries:
        output = command_output("import_ooapi")

    assert catalogue() == before
    writes = [q["sql"] for q in queries if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")]
    assert len(writes) == 1 and "programmes_importrun" in writes[0], writes
    assert "0 toegevoegd, 0 gewijzigd, 0 niet meer gepubliceerd, 1 overgeslagen" in output


def test_a_hand_typed_programme_is_found_by_its_croho_code_and_keeps_what_differs(ooapi):
    year = datetime.date.today().year + 1
    ours = make_programme(
        name="Ondernemen",
        slug="ad-ondernemen-mkb",
        croho_code="80072",
        summary="Ondernemen als {lerende}: onze eigen tekst.",
        body="Ons verhaal.",
    )
    typed = Intake.objects.create(
        programme=ours,
        start_date=datetime.date(year, 9, 1),
        application_deadline=datetime.date(year, 8, 1),
    )

    command_output("import_ooapi")

    ours.refresh_from_db()
    assert Programme.objects.filter(croho_code="80072").count() == 1
    assert ours.from_source and ours.published
    assert ours.owned_by_source("name"), "equal values go to the source"
    assert ours.summary == "Ondernemen als {lerende}: onze eigen tekst."
    assert [name for name, _ours, _theirs in ours.changes_to_accept()] == ["summary"]
    assert ours.school_url.endswith("/ad-ondernemen"), "what we left empty, the source fills"
    typed.refresh_from_db()
    assert typed.source_id is not None, "the typed intake is the offering's, not a second one"
    assert typed.application_deadline == datetime.date(year, 8, 15)
    assert ours.intakes.count() == 3
    waiting = [text for kind, text in ImportRun.objects.get().lines if kind == "to_accept"]
    assert f"{ours}: samenvatting → Een Associate degree waarin je werkt" in waiting[0]


def test_a_programme_without_croho_code_is_found_by_its_program_id(ooapi):
    ad = source_program(ooapi, "Ondernemen")
    ad["otherCodes"] = []
    ooapi.publish(ooapi.programs)
    command_output("import_ooapi")
    ad["name"] = text("Ondernemen en innoveren")
    ooapi.publish(ooapi.programs)

    command_output("import_ooapi")

    programme = Programme.objects.get(source_id=ad["programId"])
    assert programme.name == "Ondernemen en innoveren" and programme.croho_code == ""
    assert Programme.objects.count() == 2


def test_the_source_rewrites_its_fields_and_never_the_marketing_ones(ooapi):
    command_output("import_ooapi")
    ad = Programme.objects.get(croho_code="80072")
    marketing = {
        "body": "Het verhaal van Sanne, die bij een installatiebedrijf werkt.",
        "image_alt": "Sanne aan het werk",
        "admission_requirements": "{Je} hebt mbo-4, havo of vwo.",
        "workplace_requirements": "Werk op hbo-niveau.",
        "occupation": "Ondernemer",
        "published": True,
    }
    Programme.objects.filter(pk=ad.pk).update(**marketing)
    source = source_program(ooapi, "Ondernemen")
    source["name"] = text("Ondernemen in het mkb")
    source["description"] = text("Een nieuwe omschrijving.")
    ooapi.publish(ooapi.programs)

    output = command_output("import_ooapi")

    ad.refresh_from_db()
    assert ad.name == "Ondernemen in het mkb" and ad.summary == "Een nieuwe omschrijving."
    assert {name: getattr(ad, name) for name in marketing} == marketing
    assert "gewijzigd: Associate degree Ondernemen in het mkb: naam, samenvatting" in output


def test_a_field_an_editor_took_over_stays_and_the_change_waits_to_be_accepted(ooapi):
    command_output("import_ooapi")
    ad = Programme.objects.get(croho_code="80072")
    ad.name = "Ondernemen (Mkb-route)"
    ad.take_over("name")
    ad.save()
    source = source_program(ooapi, "Ondernemen")
    source["name"] = text("Ondernemerschap")
    ooapi.publish(ooapi.programs)

    command_output("import_ooapi")

    ad.refresh_from_db()
    assert ad.name == "Ondernemen (Mkb-route)"
    assert ad.changes_to_accept() == [("name", "Ondernemen (Mkb-route)", "Ondernemerschap")]
    ad.hand_back("name")
    assert ad.name == "Ondernemerschap" and ad.owned_by_source("name")


def test_a_programme_that_leaves_the_source_is_unpublished_and_comes_back_with_it(ooapi):
    command_output("import_ooapi")
    Programme.objects.update(published=True)
    ad = Programme.objects.get(croho_code="80072")
    gone = source_program(ooapi, "Ondernemen")
    ooapi.publish([p for p in ooapi.programs if p is not gone])

    output = command_output("import_ooapi")

    ad.refresh_from_db()
    assert not ad.published, "unpublished, never deleted: leads keep their link"
    assert ad.intakes.count() == 3
    assert "niet meer gepubliceerd: Associate degree Ondernemen staat niet meer in de bron" in (
        output
    )
    ooapi.publish([gone, *ooapi.programs])
    command_output("import_ooapi")
    ad.refresh_from_db()
    assert ad.published


def test_an_unpublished_programme_is_not_published_by_the_import(ooapi):
    command_output("import_ooapi")
    ad = Programme.objects.get(croho_code="80072")
    assert not ad.published
    command_output("import_ooapi")
    ad.refresh_from_db()
    assert not ad.published, "only staff publish; the import only republishes what it hid"


def test_a_start_that_leaves_the_source_is_archived_and_comes_back_with_it(ooapi):
    command_output("import_ooapi")
    source = source_program(ooapi, "Ondernemen")
    starts = ooapi.offerings[source["programId"]]
    ooapi.publish(offerings={**ooapi.offerings, source["programId"]: starts[:2]})

    command_output("import_ooapi")

    archived = Intake.objects.get(source_id=starts[2]["offeringId"])
    assert archived.archived
    ooapi.publish(offerings={**ooapi.offerings, source["programId"]: starts})
    command_output("import_ooapi")
    archived.refresh_from_db()
    assert not archived.archived


def test_an_intake_an_editor_archived_stays_archived(ooapi):
    command_output("import_ooapi")
    Intake.objects.update(archived=True)
    command_output("import_ooapi")
    assert not Intake.objects.filter(archived=False).exists()


def test_a_dry_run_says_what_would_change_and_saves_nothing(ooapi):
    output = command_output("import_ooapi", "--dry-run")

    assert "Proefrun: er is niets opgeslagen" in output
    assert "toegevoegd: Associate degree Ondernemen" in output
    assert "2 toegevoegd, 0 gewijzigd" in output
    assert not Programme.objects.exists() and not Field.objects.exists()
    assert not ImportRun.objects.exists()


def test_a_dry_run_names_each_change_to_a_programme(ooapi):
    command_output("import_ooapi")
    before = catalogue()
    source = source_program(ooapi, "Ondernemen")
    source["duration"] = "P3Y"
    ooapi.offerings[source["programId"]][0]["enrollEndDate"] = f"{source_year()}-07-31"
    ooapi.publish()

    output = command_output("import_ooapi", "--dry-run")

    assert "gewijzigd: Associate degree Ondernemen: duur in jaren, start " in output
    assert "aanmelden tot en met" in output
    assert catalogue() == before


def source_year():
    return datetime.date.today().year + 1


def test_it_follows_every_page(ooapi, settings):
    settings.OOAPI_PAGE_SIZE = 10
    programs = [program(f"Opleiding {n:02}", croho=f"81{n:03}") for n in range(25)]
    ooapi.publish(programs, {p["programId"]: [] for p in programs})

    command_output("import_ooapi")

    assert Programme.objects.count() == 25
    assert any("pageNumber=3" in path for path in ooapi.served)


def test_it_reads_one_organization_with_its_token(ooapi, settings):
    ooapi.token = settings.OOAPI_TOKEN = "geheim-token"
    settings.OOAPI_ORGANIZATION = "hogeschool-voorbeeld"

    command_output("import_ooapi")

    assert Programme.objects.count() == 2
    assert ooapi.served[0].startswith("/ooapi/v5/organizations/hogeschool-voorbeeld/programs?")


def test_a_server_error_once_is_tried_again(ooapi):
    ooapi.fail("500", times=1)
    command_output("import_ooapi")
    assert Programme.objects.count() == 2


def test_two_programmes_with_one_croho_code_are_not_guessed_between(ooapi):
    make_programme(name="Ondernemen A", croho_code="80072")
    make_programme(name="Ondernemen B", croho_code="80072")

    output = command_output("import_ooapi")

    assert "2 opleidingen in de catalogus hebben CROHO-code 80072" in output
    assert not Programme.objects.filter(source_id__isnull=False, croho_code="80072").exists()


def test_a_dual_and_a_part_time_variant_of_one_croho_code_make_one_programme(ooapi):
    part_time = program("Ondernemen deeltijd", croho="80072", mode="part-time")
    ooapi.publish([part_time, *ooapi.programs], {**ooapi.offerings, part_time["programId"]: []})

    output = command_output("import_ooapi")

    programme = Programme.objects.get(croho_code="80072")
    assert programme.name == "Ondernemen", "the dual one: the Mkb-route is dual"
    assert "Ondernemen deeltijd: dezelfde opleiding (CROHO-code 80072)" in output


def test_an_offering_without_a_last_day_to_apply_is_skipped_with_the_reason(ooapi):
    source = source_program(ooapi, "Ondernemen")
    del ooapi.offerings[source["programId"]][1]["enrollEndDate"]
    ooapi.publish()

    output = command_output("import_ooapi")

    assert Programme.objects.get(croho_code="80072").intakes.count() == 2
    assert "noemt geen laatste dag om aan te melden (enrollEndDate)" in output


def test_a_master_is_skipped_with_the_reason(ooapi):
    master = program("Master Ondernemen", croho="49999", level="master", ects=60)
    ooapi.publish([master, *ooapi.programs], {**ooapi.offerings, master["programId"]: []})

    output = command_output("import_ooapi")

    assert "heeft niveau master: alleen Associate degree en bachelor passen" in output
    assert not Programme.objects.filter(croho_code="49999").exists()


def test_without_ooapi_url_the_command_says_so(settings):
    settings.OOAPI_URL = ""
    with pytest.raises(CommandError, match="OOAPI_URL is niet gezet"):
        command_output("import_ooapi")


def test_a_run_that_changes_nothing_keeps_the_cached_pages(ooapi):
    command_output("import_ooapi")
    version = content_version()
    forget_version()

    command_output("import_ooapi")

    forget_version()
    assert content_version() == version
