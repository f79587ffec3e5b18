"""Admin pages whose rows cost no query each: a page asks as many queries with many rows (an
inline's intakes, a persona's benefits and stories, the list of schemes) as with few."""

import datetime

import pytest

from personas.models import Benefit, Story
from programmes.models import AdmissionRoute, Scheme
from tests.factories import make_intake, make_persona, make_programme, make_tone
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


def grows(client, url, add_rows):
    few = count_queries(client, url)
    add_rows()
    return count_queries(client, url) - few


def test_a_programme_s_page_with_many_intakes_and_routes(superuser):
    programme = make_programme(name="Ad Ondernemen")
    make_intake(programme)
    AdmissionRoute.objects.create(programme=programme, diploma="mbo4")

    def more():
        for n in range(6):
            make_intake(programme, start_in_days=200 + 60 * n)
            AdmissionRoute.objects.create(programme=programme, diploma="havo")

    assert grows(superuser, f"/admin/programmes/programme/{programme.pk}/change/", more) == 0


def test_a_persona_s_page_with_many_benefits_and_stories(superuser):
    persona = make_persona(make_tone())
    programme = make_programme()

    def add(n):
        Benefit.objects.create(text=f"Voordeel {n}").personas.add(persona)
        Story.objects.create(
            persona=persona,
            programme=programme,
            first_name=f"Sam {n}",
            previous_situation="mbo",
            employer="Bakkerij",
            quote="Mooi",
        )

    add(0)
    url = f"/admin/personas/persona/{persona.pk}/change/"
    assert grows(superuser, url, lambda: [add(n) for n in range(1, 7)]) == 0


def test_the_list_of_schemes(superuser):
    def scheme(n):
        ended = datetime.date(2020, 1, 1) if n % 2 else None
        Scheme.objects.create(
            name=f"Regeling {n}",
            audience="werkgever",
            summary="Geld",
            source_url="https://example.nl/regeling",
            valid_to=ended,
        )

    scheme(0)
    url = "/admin/programmes/scheme/"
    assert grows(superuser, url, lambda: [scheme(n) for n in range(1, 7)]) == 0
