"""The page cache keeps one entry per page, tone and parameter that changes the page."""

import datetime
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from tests.employers.answering import introduce
from tests.employers.helpers import make_alert
from tests.factories import make_programme
from tests.mkbroute.test_personal_links import path_of
from tests.personas.admission_data import make_admission_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached(settings, personas):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()


def page_entries():
    return {key for key in cache._cache if ":page:" in key}


def test_click_ids_and_unknown_parameters_create_no_entries(client, cached):
    client.get("/opleidingen/")
    entries = page_entries()
    assert len(entries) == 1
    for query in ("gclid=abc", "fbclid=xyz", "utm_source=x&gclid=1", "wat=dan", "degree=ad"):
        client.get(f"/opleidingen/?{query}")
    assert len(page_entries()) == 2, "only the degree filter changes the list"


def test_a_filter_still_gets_its_own_page(client, cached):
    make_programme(name="Logistiek", degree="ad")
    make_programme(name="Werktuigbouwkunde", degree="bachelor")
    client.get("/opleidingen/?degree=bachelor")
    associate = client.get("/opleidingen/?degree=ad&gclid=abc").content.decode()
    assert "Logistiek" in associate and "Werktuigbouwkunde" not in associate


def test_a_campaign_link_sets_the_tone_even_when_the_page_comes_from_the_cache(client, cached):
    client.cookies["toon"] = "student"
    client.get("/")  # cached in the student tone
    visitor = type(client)()
    response = visitor.get("/?voor=student")
    assert response.cookies["toon"].value == "student"


def test_browsing_without_a_campaign_creates_no_session(client, personas):
    from django.contrib.sessions.models import Session

    programme = make_programme(name="Logistiek")
    for path in (
        "/",
        "/voor/student/",
        "/opleidingen/",
        programme.get_absolute_url(),
        "/activiteiten/",
        "/keuzehulp/",
        "/interesse/",
        "/privacy/",
        "/?gclid=abc",
    ):
        response = client.get(path)
        assert "sessionid" not in response.cookies, path
    assert not Session.objects.exists()


def test_the_form_page_comes_from_the_cache_with_tokens_of_each_visitors_own(
    cached, django_assert_num_queries
):
    from tests.leads.helpers import VALID, form_fields

    first = Client().get("/interesse/?plek=general&gclid=x").content.decode()
    second_visitor = Client()
    with django_assert_num_queries(0):
        second = second_visitor.get("/interesse/?plek=general").content.decode()
    assert form_fields(first)["token"] != form_fields(second)["token"]
    data = {**form_fields(second), **VALID}
    assert second_visitor.post("/interesse/", data).status_code == 302


def test_made_up_query_values_take_no_place_in_the_cache(client, cached):
    """A flood of made-up values (?verzonden=<n>, ?pagina=<n>) is answered, not kept: it would
    push out of the cache what must stay there."""
    for n in range(2, 60):
        for path in (
            f"/interesse/bedankt/?verzonden={n}",
            f"/werkplekken/?pagina={n}",
            f"/opleidingen/?degree=x{n}",
            f"/activiteiten/?wanneer={n}",
            f"/interesse/?opleiding=onbekend-{n}",
            f"/kan-ik-starten/?programme=x{n}",
        ):
            assert client.get(path).status_code in (200, 302), path
    assert client.get("/werkplekken/?pagina=1&pagina=1").status_code == 200
    assert page_entries() == set()


def test_the_values_the_site_makes_are_kept(client, cached):
    for path in (
        "/interesse/bedankt/?verzonden=1",
        "/werkplekken/?pagina=1",
        "/opleidingen/?degree=ad",
        "/interesse/?plek=general",
    ):
        client.get(path)
    assert len(page_entries()) == 4


def test_a_number_is_kept_only_as_the_site_writes_it(client, cached):
    answers = "stap=1&programme={}&diploma=havo&age={}&hours=32&mkb=ja"
    programme = make_programme(name="Logistiek")
    from tests.factories import make_intake

    make_intake(programme)
    client.get("/kan-ik-starten/?" + answers.format(programme.slug, "023"))
    assert page_entries() == set()
    client.get("/kan-ik-starten/?" + answers.format(programme.slug, "23"))
    assert len(page_entries()) == 1


@time_machine.travel(datetime.date(2026, 4, 15), tick=False)
def test_the_answer_page_links_carry_only_the_answers_not_the_first_visitors_extras(client, cached):
    make_admission_data()
    answers = "stap=antwoord&programme=ad-ondernemen&diploma=havo&age=18&hours=0"
    first = client.get(f"/kan-ik-starten/?{answers}&gclid=van-de-eerste&utm_source=mail")
    second = type(client)().get(f"/kan-ik-starten/?{answers}").content.decode()
    assert len(page_entries()) == 1
    for page in (first.content.decode(), second):
        assert f"/kan-ik-starten/datums.ics?{answers.replace('&', '&amp;')}" in page
        assert "van-de-eerste" not in page and "utm_source" not in page


def test_nothing_of_a_personal_link_or_its_pages_is_kept(cached):
    """The pages behind a link, its refusals and the alerts' pages are never kept: no token,
    no name or address in any entry of the cache, even under a public page's address."""
    introduction = introduce(first_name="Xandrina")
    employer, lead = introduction.werkplek.employer, introduction.lead
    alert = make_alert(lead.email, confirmed=False)
    links = [employer.personal_link(), lead.personal_link(), alert.confirm_url()]
    links.append(alert.unsubscribe_url())
    for link in links:
        visitor = Client()
        visitor.get(path_of(link) if "?t=" in link else urlsplit(link).path, follow=True)
        for page in ("/werkgevers/mijn/", "/mijn/", "/mijn/verwijderen/", "/werkgevers/link/"):
            visitor.get(page)
        visitor.get(f"/werkplekken/{path_of(link)[path_of(link).index('?') :]}")
    kept = b"".join(cache._cache.values())
    assert kept, "the public pages asked are kept"
    for link in links:
        token = link.rstrip("/").rpartition("t=" if "?t=" in link else "/")[2]
        assert token.encode() not in kept
    for personal in ("Xandrina", lead.email, employer.contact_name, employer.contact_email):
        assert personal.encode() not in kept
