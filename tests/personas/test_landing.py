import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from personas.models import Benefit, Story
from tests.factories import make_event, make_location, make_programme
from tests.helpers import count_queries


def test_each_persona_has_a_landing_page_in_its_tone(client, personas):
    student = client.get("/voor/student/").content.decode()
    assert "Werken en leren als student" in student
    worker = client.get("/voor/zij-instromer/").content.decode()
    assert "Werken en leren als werkende die leert" in worker
    assert "Over jouw opleiding" in worker


def test_the_landing_page_shows_benefits_programmes_stories_events_and_a_call(client, personas):
    zij = personas["zij-instromer"]
    benefit = Benefit.objects.create(text="{Je} verzilvert {jouw} ervaring.")
    benefit.personas.add(zij)
    Story.objects.create(
        first_name="Ronald",
        age=44,
        previous_situation="Werkvoorbereider",
        employer="Machinefabriek Brouwer",
        quote="Het diploma telt.",
        persona=zij,
    )
    html = client.get("/voor/zij-instromer/").content.decode()
    assert "Je verzilvert jouw ervaring." in html
    assert "Ondernemen" in html
    assert "Het diploma telt." in html and "Machinefabriek Brouwer" in html
    assert "Open dag Utrecht" in html
    assert "Werkenden die leren vertellen" in html
    assert 'href="/interesse/?persona=zij-instromer"' in html


def test_a_persona_with_one_target_group_presets_it_in_the_call_to_action(client, personas):
    zij = personas["zij-instromer"]
    zij.target_groups.filter(key="career_switcher").delete()
    group = zij.target_groups.get()
    html = client.get("/voor/zij-instromer/").content.decode()
    assert f"/interesse/?persona=zij-instromer&amp;doelgroep={group.slug}" in html


def test_an_unknown_persona_is_a_dutch_404(client, personas):
    response = client.get("/voor/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_the_home_page_leads_to_each_persona_in_words_the_group_recognises(client, personas):
    html = client.get("/").content.decode()
    for slug, label in (("student", "Ik heb havo of vwo"), ("zij-instromer", "Ik werk al")):
        assert f'href="/voor/{slug}/"' in html
        assert label in html
    assert "ben jij student" not in html.lower()


def test_a_u_tone_addresses_the_visitor_formally(client, personas, tones):
    tones["werkende"].address = "u"
    tones["werkende"].save()
    client.get("/voor/zij-instromer/")
    html = client.get("/").content.decode()
    assert "U werkt in de Mkb-route ongeveer vier dagen per week" in html
    assert "Vind uw route" in html
    assert "jouw" not in html.lower()


@pytest.mark.django_db
def test_the_landing_page_query_count_does_not_grow_with_content(client, personas):
    zij = personas["zij-instromer"]
    client.get("/voor/zij-instromer/")  # the tone cookie is set; measure steady visits
    few = count_queries(client, "/voor/zij-instromer/")
    for n in range(12):
        Benefit.objects.create(text=f"Voordeel {n} voor {{jou}}").personas.add(zij)
        Story.objects.create(
            first_name=f"Naam {n}",
            previous_situation="Werk",
            employer="Bedrijf",
            quote="Mooi",
            persona=zij,
            programme=make_programme(),
        )
        zij.programmes.add(make_programme())
        make_event()
    assert count_queries(client, "/voor/zij-instromer/") == few


@pytest.mark.django_db
def test_the_programme_cards_name_their_locations_with_two_queries_for_any_number(client, personas):
    zij = personas["zij-instromer"]
    url = zij.get_absolute_url()

    def made_anew():
        client.get(url)
        zij.save()  # its part made anew, with the programmes' cards
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).content.decode()
        return page, len(queries)

    first = make_programme(name="Associate degree Zorg")
    first.locations.set([make_location("Zwolle"), make_location("Deventer")])
    zij.programmes.add(first)
    page, few = made_anew()
    assert "Deventer, Zwolle" in page
    for n in range(5):
        programme = make_programme()
        programme.locations.set([make_location(f"Plaats {n}")])
        zij.programmes.add(programme)
    page, many = made_anew()
    assert "Plaats 4" in page and "Deventer, Zwolle" in page
    assert many == few
