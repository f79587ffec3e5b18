"""{% made_once %}: the parts of the persona and programme pages that show only content are
made once per content version and day, and each visitor reads them in their own tone."""

import pytest
from django.db import connection
from django.test import Client
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext

from mkbroute.lib import cache
from mkbroute.lib.content import new_content_version
from personas.models import Benefit, Tone
from tests.factories import make_location, make_programme
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _kept_as_in_production(settings):
    settings.PAGE_CACHE_SECONDS = 600


@pytest.fixture
def cards_rendered():
    rendered = []

    def count(sender, template, **kwargs):
        if template.name == "includes/programme_card.html":
            rendered.append(template.name)

    template_rendered.connect(count)
    yield rendered
    template_rendered.disconnect(count)


def visitor(tone_slug):
    client = Client()
    client.cookies["toon"] = tone_slug
    return client


def test_a_persona_page_made_for_one_tone_reads_right_in_another(personas, cards_rendered):
    persona = personas["doorstromer"]  # its groups speak both tones: a visitor keeps theirs
    persona.body = "Als {lerende} werk {je} vier dagen."
    persona.save()
    Benefit.objects.create(text="{Jouw} baan telt mee.").personas.add(persona)
    url = persona.get_absolute_url()
    Tone.objects.filter(slug="werkende-die-leert").update(address="u")  # no new version
    student = visitor("student").get(url).content.decode()
    worker = visitor("werkende-die-leert").get(url).content.decode()
    assert len(cards_rendered) == 1  # one programme card, made once for both tones
    assert "Als student werk je vier dagen." in student and "Jouw baan telt mee." in student
    assert "Als werkende die leert werk u vier dagen." in worker
    assert "Uw baan telt mee." in worker and "Wat de Mkb-route voor u betekent" in worker


def test_a_part_made_before_spares_its_queries(settings, monkeypatch, personas):
    monkeypatch.setattr(cache, "cacheable_request", lambda request: False)  # no page cache
    url = personas["student"].get_absolute_url()
    settings.PAGE_CACHE_SECONDS = 0
    made_each_time = count_queries(visitor("student"), url)
    settings.PAGE_CACHE_SECONDS = 600
    kept = count_queries(visitor("student"), url)
    assert kept <= made_each_time - 4  # benefits, stories, programmes and their locations


def test_a_persona_page_rendered_anew_asks_no_query_and_after_an_edit_reads_each_thing_once(
    monkeypatch, personas
):
    monkeypatch.setattr(cache, "cacheable_request", lambda request: False)  # no page cache
    url = personas["zij-instromer"].get_absolute_url()
    assert count_queries(visitor("werkende-die-leert"), url) == 0
    personas["zij-instromer"].save()
    with CaptureQueriesContext(connection) as queries:
        visitor("werkende-die-leert").get(url)
    sql = [query["sql"] for query in queries]
    assert len([one for one in sql if one.startswith('SELECT "personas_persona"."id"')]) == 1
    # The groups, for the page; its lead form is made from the groups, not from the persona.
    groups = 'SELECT "personas_targetgroup"."id"'
    assert len([one for one in sql if one.startswith(groups)]) == 1
    group = personas["zij-instromer"].target_groups.first()
    group.label = "Ik werk al jaren op hbo-niveau"
    group.save()
    with CaptureQueriesContext(connection) as queries:
        page = visitor("werkende-die-leert").get(url).content.decode()
    assert "Ik werk al jaren op hbo-niveau" in page
    # For the page, and for the form's question, not again for its choices.
    assert len([one for one in queries if one["sql"].startswith(groups)]) == 2
    # The placeholders' marks follow the tones' words alone: an edit of the persona keeps
    # them, and they are read once for the persona's part and the lead form when words change.
    marks = 'SELECT DISTINCT "personas_toneword"'
    assert not [one for one in sql if one.startswith(marks)]
    new_content_version(models=["personas.toneword"])
    with CaptureQueriesContext(connection) as queries:
        visitor("werkende-die-leert").get(url)
    assert len([one for one in queries if one["sql"].startswith(marks)]) == 1


def test_a_programme_page_rendered_anew_asks_no_query_and_sees_an_edit_at_once(
    monkeypatch, personas
):
    monkeypatch.setattr(cache, "cacheable_request", lambda request: False)  # no page cache
    programme = make_programme(summary="Voor elke {lerende}.")
    programme.locations.set([make_location("Zwolle"), make_location("Deventer")])
    url = programme.get_absolute_url()
    assert count_queries(visitor("werkende-die-leert"), url) == 0
    assert "<dd>Deventer, Zwolle</dd>" in visitor("student").get(url).content.decode()
    programme.summary = "Nieuw voor elke {lerende}."
    programme.save()
    tuition = 'FROM "programmes_tuition"'
    with CaptureQueriesContext(connection) as queries:
        assert "Nieuw voor elke student." in visitor("student").get(url).content.decode()
    assert not [one for one in queries if tuition in one["sql"]]  # kept: no tuition changed
    new_content_version(models=["programmes.tuition"])
    with CaptureQueriesContext(connection) as queries:
        visitor("student").get(url)
    # The tuition, for its facts and for its schema.org data: read once.
    assert len([one for one in queries if tuition in one["sql"]]) == 1
    programme.published = False
    programme.save()
    assert visitor("student").get(url).status_code == 404


def test_a_new_placeholder_is_filled_in_a_part_made_after_it(personas):
    persona = personas["student"]
    visitor("student").get(persona.get_absolute_url())
    for tone in Tone.objects.all():
        tone.vocabulary.create(key="rooster", value=f"rooster van {tone.slug}")
    persona.body = "Je {rooster} past."
    persona.save()
    page = visitor("student").get(persona.get_absolute_url()).content.decode()
    assert "Je rooster van student past." in page


def test_an_edit_makes_the_part_anew(personas):
    url = personas["student"].get_absolute_url()
    visitor("student").get(url)
    personas["student"].programmes.add(make_programme(name="Associate degree Zorg"))
    assert "Associate degree Zorg" in visitor("student").get(url).content.decode()


def test_the_programme_page_reads_in_each_visitors_tone(personas):
    programme = make_programme(summary="Voor elke {lerende} met een baan.")
    url = programme.get_absolute_url()
    student = visitor("student").get(url).content.decode()
    worker = visitor("werkende-die-leert").get(url).content.decode()
    assert "Voor elke student met een baan." in student
    assert "Voor elke werkende die leert met een baan." in worker
    assert '"description": "Voor elke werkende die leert met een baan."' in worker
