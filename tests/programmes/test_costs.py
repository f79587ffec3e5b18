"""Costs say which academic year they are for and whether the amount is still expected; a
scheme states its conditions and links to the page about it."""

import datetime
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mkbroute.lib.content import new_content_version
from programmes.models import AcademicYear, OtherCost, Scheme, Tuition
from programmes.models.costs import validate_page_url
from tests.factories import make_event, make_intake, make_programme
from tests.personas.visible import visible_text

pytestmark = pytest.mark.django_db
D = datetime.date
CHECK = "/kan-ik-starten/?stap=antwoord&programme={}&diploma=havo&age=18&hours=0"


@pytest.mark.parametrize(
    ("day", "year"),
    [(D(2026, 8, 31), "2025-2026"), (D(2026, 9, 1), "2026-2027"), (D(2027, 2, 1), "2026-2027")],
)
def test_an_academic_year_runs_from_1_september_to_31_august(day, year):
    academic_year = AcademicYear.of(day)
    assert str(academic_year) == year
    assert academic_year.start <= day <= academic_year.end


def tuition(first_year, statutory, expected=False):
    return Tuition.objects.create(
        valid_from=D(first_year, 9, 1),
        valid_to=D(first_year + 1, 8, 31),
        statutory_eur=statutory,
        institutional_eur=9350,
        expected=expected,
    )


@time_machine.travel(D(2026, 4, 15), tick=False)
def test_the_programme_page_names_the_academic_year_of_the_next_start_and_marks_expected(client):
    programme = make_programme()
    make_intake(programme, start_in_days=200)  # 1 November 2026
    tuition(2025, 2601)
    tuition(2026, 2695, expected=True)
    text = visible_text(client.get(programme.get_absolute_url()).content.decode())
    assert "€ 2.695 per jaar (studiejaar 2026-2027; verwacht bedrag, nog niet officieel)" in text
    Tuition.objects.filter(valid_from=D(2026, 9, 1)).update(expected=False)
    text = visible_text(client.get(programme.get_absolute_url()).content.decode())
    assert "€ 2.695 per jaar (studiejaar 2026-2027)" in text and "verwacht" not in text


@time_machine.travel(D(2026, 4, 15), tick=False)
def test_a_page_made_anew_after_another_edit_takes_the_tuition_as_read_until_one_changes(
    client, settings
):
    settings.PAGE_CACHE_SECONDS = 600
    new_content_version(models=["programmes.tuition"])  # no tuition kept by an earlier test
    programme = make_programme()
    make_intake(programme, start_in_days=200)
    rate = tuition(2026, 2695)
    url = programme.get_absolute_url()
    assert "€ 2.695 per jaar" in visible_text(client.get(url).content.decode())
    make_event(programmes=[programme], title="Kennismaking")  # another edit: made anew
    with CaptureQueriesContext(connection) as queries:
        text = visible_text(client.get(url).content.decode())
    assert "€ 2.695 per jaar" in text and "Kennismaking" in text
    assert not [query for query in queries if "programmes_tuition" in query["sql"]]
    rate.statutory_eur = 2710
    rate.save()
    assert "€ 2.710 per jaar" in visible_text(client.get(url).content.decode())


@time_machine.travel(D(2026, 4, 15), tick=False)
def test_a_figure_without_a_rate_for_its_year_is_shown_as_expected(client):
    programme = make_programme(tuition_eur="2750.00")
    tuition(2025, 2601)
    make_intake(programme, start_in_days=200)
    text = visible_text(client.get(programme.get_absolute_url()).content.decode())
    assert "€ 2.750 per jaar (studiejaar 2026-2027; verwacht bedrag" in text


@time_machine.travel(D(2026, 4, 15), tick=False)
def test_the_employer_page_gives_each_programmes_tuition_with_its_year(client):
    programme = make_programme(name="Techniek")
    make_intake(programme, start_in_days=200)
    tuition(2026, 2695, expected=True)
    text = visible_text(client.get("/werkgevers/").content.decode())
    assert "€ 2.695 (meestal de werkgever) (studiejaar 2026-2027; verwacht bedrag" in text


@time_machine.travel(D(2026, 4, 15), tick=False)
def test_the_check_names_the_year_of_its_costs_and_marks_each_expected_line(client):
    from tests.personas.admission_data import make_admission_data

    programme = make_admission_data()
    Tuition.objects.filter(valid_from=D(2026, 9, 1)).update(expected=True)
    OtherCost.objects.create(name="Laptop", amount_eur=800, per="once", expected=False)
    OtherCost.objects.create(name="Boeken", amount_eur=450, expected=True)
    text = visible_text(client.get(CHECK.format(programme.slug)).content.decode())
    assert "Wat het kost in studiejaar 2026-2027" in text
    assert "€ 2.695 per jaar, meestal de werkgever; verwacht bedrag, nog niet officieel" in text
    assert "Boeken € 450 per jaar, meestal de werkgever; verwacht bedrag" in text
    assert "Laptop € 800 eenmalig, meestal de werkgever" in text
    assert "Laptop € 800 eenmalig, meestal de werkgever;" not in text  # official: no mark


@pytest.mark.parametrize(
    "url",
    ["https://www.rijksoverheid.nl/", "https://www.rijksoverheid.nl", "https://duo.nl//"],
)
def test_a_home_page_is_refused_as_a_schemes_source(url):
    with pytest.raises(ValidationError) as refused:
        validate_page_url(url)
    assert "pagina over deze regeling" in refused.value.messages[0]
    scheme = Scheme(name="X", audience="deelnemer", summary="Y", source_url=url)
    with pytest.raises(ValidationError) as refused:
        scheme.full_clean()
    assert "source_url" in refused.value.error_dict


def test_the_page_about_a_scheme_is_accepted_as_its_source():
    validate_page_url("https://duo.nl/particulier/levenlanglerenkrediet/")


def test_the_admin_refuses_a_home_page_as_source(admin_client):
    data = {
        "name": "Regeling",
        "audience": "deelnemer",
        "summary": "Over de regeling.",
        "source_url": "https://www.rijksoverheid.nl/",
        "order": 1,
    }
    response = admin_client.post("/admin/programmes/scheme/add/", data)
    assert response.status_code == 200 and not Scheme.objects.exists()
    assert "pagina over deze regeling" in response.content.decode()
    data["source_url"] = "https://www.rijksoverheid.nl/onderwerpen/studiefinanciering"
    assert admin_client.post("/admin/programmes/scheme/add/", data).status_code == 302


def test_every_demo_scheme_links_to_a_page_about_it_not_a_home_page(demo_content):
    schemes = Scheme.objects.all()
    assert schemes.count() >= 6
    for scheme in schemes:
        assert urlsplit(scheme.source_url).path.strip("/"), scheme.name


def test_the_demo_levenlanglerenkrediet_states_its_conditions_on_the_check(client, demo_content):
    from programmes.models import Programme

    programme = Programme.objects.published().first()
    text = visible_text(client.get(CHECK.format(programme.slug)).content.decode())
    conditions = text.split("Levenlanglerenkrediet", 1)[1].split("Bron: Levenlanglerenkrediet")[0]
    assert "Voorwaarden:" in conditions
    assert "jonger dan 57 jaar" in conditions and "AOW-leeftijd" in conditions
    assert "Betaalt jouw werkgever het hele collegegeld, dan is er niets te lenen" in conditions
    assert "dan is alleen het deel te lenen dat je zelf betaalt" in conditions
    assert "geen recht (meer) op gewone studiefinanciering" in conditions
