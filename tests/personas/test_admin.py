import pytest
from django.test import Client

from personas.models import Benefit

MODELS = ["tone", "targetgroup", "persona", "benefit", "story", "channel", "matrixcell"]


@pytest.mark.parametrize("model", MODELS)
def test_communications_staff_open_every_list_and_add_form(communications, personas, model):
    assert communications.get(f"/admin/personas/{model}/").status_code == 200
    assert communications.get(f"/admin/personas/{model}/add/").status_code == 200


def test_the_persona_form_offers_a_preview_in_its_tone(communications, personas):
    persona = personas["zij-instromer"]
    html = communications.get(f"/admin/personas/persona/{persona.pk}/change/").content.decode()
    assert "/?bekijk_als=zij-instromer" in html
    assert "Weergeven op website" in html


def test_the_admin_refuses_an_unknown_placeholder_with_a_clear_message(communications, personas):
    response = communications.post(
        "/admin/personas/benefit/add/", {"text": "Als {leerling} leer je veel", "order": 1}
    )
    assert response.status_code == 200
    assert "Onbekende plaatshouder: {leerling}" in response.content.decode()
    assert not Benefit.objects.exists()


def test_text_with_known_placeholders_is_saved_and_shown_in_the_tone(communications, personas):
    response = communications.post(
        "/admin/personas/benefit/add/",
        {
            "text": "{Je} haalt {jouw} {studie} als {lerende}",
            "order": 1,
            "personas": [personas["zij-instromer"].pk],
        },
    )
    assert response.status_code == 302
    html = communications.get("/voor/zij-instromer/").content.decode()
    assert "Je haalt jouw opleiding als werkende die leert" in html


def test_an_edit_of_a_personas_copy_is_on_the_site_at_once(communications, personas, settings):
    settings.PAGE_CACHE_SECONDS = 600
    visitor_page = "/voor/student/"
    visitor = Client()
    visitor.get(visitor_page)
    assert "Nieuwe kop" not in visitor.get(visitor_page).content.decode()
    persona = personas["student"]
    persona.title = "Nieuwe kop voor {lerenden}"
    persona.save()
    assert "Nieuwe kop voor studenten" in visitor.get(visitor_page).content.decode()


def test_a_vocabulary_word_cannot_take_a_built_in_placeholder(communications, tones):
    tone = tones["werkende"]
    response = communications.post(
        f"/admin/personas/tone/{tone.pk}/change/",
        {
            "name": tone.name,
            "slug": tone.slug,
            "learner": tone.learner,
            "learners": tone.learners,
            "address": "je",
            "vocabulary-TOTAL_FORMS": 2,
            "vocabulary-INITIAL_FORMS": 1,
            "vocabulary-0-id": tone.vocabulary.get().pk,
            "vocabulary-0-tone": tone.pk,
            "vocabulary-0-key": "studie",
            "vocabulary-0-value": "opleiding",
            "vocabulary-1-tone": tone.pk,
            "vocabulary-1-key": "lerende",
            "vocabulary-1-value": "leerling",
        },
    )
    assert response.status_code == 200
    assert "{lerende} vult de toon al zelf in" in response.content.decode()


def test_only_one_tone_is_the_default(tones):
    tones["student"].is_default = True
    tones["student"].save()
    tones["neutraal"].refresh_from_db()
    assert not tones["neutraal"].is_default
