"""A programme's page and its JSON-LD carry the CROHO code when known, where to apply in
Studielink, and a start the school closed in OOAPI is closed on the site."""

import pytest

from programmes.models import Intake
from tests.factories import make_intake, make_programme
from tests.programmes.test_detail import json_ld

pytestmark = pytest.mark.django_db


def test_the_page_and_its_json_ld_carry_the_croho_code_and_studielink(client):
    programme = make_programme(
        croho_code="80072",
        studielink_url="https://app.studielink.nl/vu/vinex/?opleiding=80072",
        school_url="https://www.hogeschool-voorbeeld.nl/opleidingen/ad-ondernemen",
    )

    response = client.get(programme.get_absolute_url())

    data = json_ld(response)
    assert data["identifier"] == {"@type": "PropertyValue", "propertyID": "CROHO", "value": "80072"}
    assert data["potentialAction"]["@type"] == "ApplyAction"
    assert data["potentialAction"]["target"] == programme.studielink_url
    html = response.content.decode()
    assert "<dt>CROHO-code</dt><dd>80072</dd>" in html
    assert f'href="{programme.studielink_url}"' in html and "Aanmelden in Studielink" in html
    assert f'href="{programme.school_url}"' in html


def test_without_a_croho_code_neither_the_page_nor_the_json_ld_shows_an_empty_one(client):
    programme = make_programme(croho_code="")

    response = client.get(programme.get_absolute_url())

    assert "identifier" not in json_ld(response)
    assert "CROHO-code" not in response.content.decode()
    assert 'href="https://www.studielink.nl/"' in response.content.decode()


def test_a_start_the_school_closed_is_closed_before_its_deadline(client):
    programme = make_programme()
    closed = make_intake(programme, start_in_days=100)
    Intake.objects.filter(pk=closed.pk).update(registration_closed=True)
    make_intake(programme, start_in_days=250)

    html = client.get(programme.get_absolute_url()).content.decode()

    assert "intake-state--closed" in html and "Gesloten — volgende start" in html
