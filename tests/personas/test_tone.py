import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mkbroute.lib.content import forget_version, new_content_version
from personas.models import Tone
from personas.tone import COOKIE, tone_by_slug


def learner_word(response):
    return response.context["tone"].learner


def test_without_a_tone_the_visitor_gets_the_default(client, tones):
    response = client.get("/")
    assert learner_word(response) == "deelnemer"
    assert COOKIE not in response.cookies


def test_without_any_tone_in_the_database_the_site_still_speaks_neutrally(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert "Je</strong>" not in response.content.decode()
    assert learner_word(response) == "deelnemer"


def test_a_landing_page_sets_the_tone_for_the_rest_of_the_visit(client, personas):
    response = client.get("/voor/zij-instromer/")
    assert response.cookies[COOKIE].value == "werkende-die-leert"
    assert response.cookies[COOKIE]["httponly"]
    assert response.cookies[COOKIE]["samesite"] == "Lax"
    assert not response.cookies[COOKIE]["max-age"], "a cookie for this visit only"
    assert learner_word(client.get("/opleidingen/")) == "werkende die leert"


def test_entering_through_another_persona_switches_the_tone(client, personas):
    client.get("/voor/zij-instromer/")
    assert learner_word(client.get("/voor/student/")) == "student"
    assert learner_word(client.get("/")) == "student"


def test_a_campaign_link_sets_the_tone(client, personas):
    response = client.get("/opleidingen/?voor=zij-instromer")
    assert learner_word(response) == "werkende die leert"
    assert response.cookies[COOKIE].value == "werkende-die-leert"


@pytest.mark.parametrize("value", ["bestaat-niet", "../../etc", "x" * 500, "%00", "student;drop"])
def test_a_forged_cookie_or_link_falls_back_to_the_default(client, personas, value):
    client.cookies[COOKIE] = value
    response = client.get(f"/?voor={value}")
    assert response.status_code == 200
    assert learner_word(response) == "deelnemer"


def test_a_working_doorstromer_keeps_the_worker_tone_on_the_doorstromer_page(client, personas):
    client.get("/keuzehulp/?stap=1&education=mbo4&work=mkb_job&goal=keep_learning&over_21=ja")
    response = client.get("/voor/doorstromer/")
    assert learner_word(response) == "werkende die leert"
    assert learner_word(Client().get("/voor/doorstromer/")) == "student"


def test_staff_preview_stays_on_while_browsing_until_it_is_stopped(client, personas):
    staff = get_user_model().objects.create_user("redacteur", password="x", is_staff=True)
    client.force_login(staff)
    response = client.get("/opleidingen/?bekijk_als=zij-instromer")
    assert learner_word(response) == "werkende die leert"
    assert "Voorbeeld voor medewerkers" in response.content.decode()
    assert COOKIE not in response.cookies, "the staff member's own tone is left alone"
    assert "no-store" in response["Cache-Control"]
    for path in ("/", "/opleidingen/", "/voor/student/"):
        response = client.get(path)
        assert learner_word(response) == "werkende die leert", path
        assert "no-store" in response["Cache-Control"], "a preview is never cached"
        assert COOKIE not in response.cookies
    stopped = client.get("/opleidingen/?bekijk_als=")
    assert "Voorbeeld voor medewerkers" not in stopped.content.decode()
    assert learner_word(client.get("/opleidingen/")) == "deelnemer"


def test_visitors_cannot_use_the_staff_preview(client, personas):
    response = client.get("/opleidingen/?bekijk_als=zij-instromer")
    assert learner_word(response) == "deelnemer"
    assert "Voorbeeld voor medewerkers" not in response.content.decode()


def test_every_page_says_it_varies_by_cookie(client, personas):
    for url in ("/", "/opleidingen/", "/voor/student/", "/keuzehulp/"):
        assert "Cookie" in client.get(url)["Vary"]


def test_a_process_reads_the_tones_once_per_content_version(personas):
    with CaptureQueriesContext(connection) as queries:
        assert tone_by_slug("student").slug == "student"
        assert tone_by_slug("werkende-die-leert").words()["lerende"] == "werkende die leert"
        assert tone_by_slug(None).slug == "neutraal"
        assert tone_by_slug("bestaat-niet") is None
    assert len(queries) == 2, "the tones and their words, once"

    # An edit on another server makes a new version: read afresh, and the edit shows.
    Tone.objects.filter(slug="student").update(learner="leerling")
    new_content_version(models=["personas.tone"])  # the cache as its save leaves it
    forget_version()
    assert tone_by_slug("student").learner == "leerling"


def test_made_up_slugs_cost_no_query(personas):
    tone_by_slug(None)
    with CaptureQueriesContext(connection) as queries:
        for n in range(300):
            assert tone_by_slug(f"verzonnen-{n}") is None
    assert len(queries) == 0
