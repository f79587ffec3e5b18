"""Freshness: 30 days after its last confirmation a place's employer is asked whether it is
still open; without an answer in 14 days it leaves the site, until they confirm it back."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from employers.models import Werkplek
from tests.helpers import command_output
from tests.leads.helpers import run_worker

from .answering import employer_page, mails_to
from .helpers import make_employer, make_werkplek

pytestmark = pytest.mark.django_db
TZ = timezone.get_default_timezone()
START = datetime.datetime(2026, 3, 2, 15, 0, tzinfo=TZ)


def on(days, hour=7):
    day = START + datetime.timedelta(days=days)
    return time_machine.travel(day.replace(hour=hour), tick=False)


def daily():
    output = command_output("run_daily")
    run_worker()
    return output


def questions(mailoutbox, address="henk@devries.example"):
    return [m for m in mails_to(mailoutbox, address) if "nog open" in m.subject]


@pytest.fixture
def henk():
    with time_machine.travel(START, tick=False):
        employer = make_employer(name="De Vries ICT", contact_email="henk@devries.example")
        make_werkplek(employer=employer, title="Junior developer")
        make_werkplek(employer=employer, title="Servicemonteur")
    return employer


def still_open(client, werkplek, answer):
    return client.post(f"/werkgevers/mijn/werkplek/{werkplek.pk}/nog-open/", {"antwoord": answer})


def test_after_thirty_days_the_employer_is_asked_once_about_all_places_due(henk, mailoutbox):
    with on(29):
        daily()
    assert not questions(mailoutbox)
    with on(30):
        assert "werkplekken gevraagd: 2" in daily()
        assert "werkplekken gevraagd: 0" in daily()  # the same day again: nothing new
    with on(31):
        daily()
    (question,) = questions(mailoutbox)
    assert "Junior developer" in question.body and "Servicemonteur" in question.body
    assert "15 april 2026" in question.body  # the day it leaves the site without an answer
    assert "/werkgevers/mijn/?t=" in question.body
    assert henk.history.filter(what="Gevraagd of de werkplek nog open is").count() == 2


def test_ja_nog_open_confirms_the_place_and_it_stays(henk, mailoutbox):
    junior = henk.werkplekken.get(title="Junior developer")
    with on(30):
        daily()
        client = employer_page(henk)
        page = client.get("/werkgevers/mijn/").content.decode()
        assert "Staat deze werkplek nog open?" in page
        response = still_open(client, junior, "open")
        assert response.status_code == 303
        assert response["Location"] == "/werkgevers/mijn/"
    junior.refresh_from_db()
    assert junior.confirmed_at == (START + datetime.timedelta(days=30)).replace(hour=7)
    assert henk.history.get(what="Bevestigd: nog open").via_link
    with on(44):
        daily()
    junior.refresh_from_db()
    assert junior.status == Werkplek.Status.OPEN
    assert henk.werkplekken.get(title="Servicemonteur").status == Werkplek.Status.UNCONFIRMED
    with on(60):  # thirty days after the confirmation: asked again, about that place alone
        daily()
    latest = questions(mailoutbox)[-1]
    assert "Junior developer" in latest.body and "Servicemonteur" not in latest.body


def test_sluiten_closes_the_place(henk, mailoutbox):
    junior = henk.werkplekken.get(title="Junior developer")
    with on(31):
        daily()
        still_open(employer_page(henk), junior, "sluiten")
    junior.refresh_from_db()
    assert junior.status == Werkplek.Status.CLOSED
    assert junior not in Werkplek.objects.public()


def test_an_answer_sent_twice_or_after_closing_is_told_not_a_missing_page(henk, mailoutbox):
    junior = henk.werkplekken.get(title="Junior developer")
    client = employer_page(henk)
    with on(31):
        daily()
        for answer in ("sluiten", "sluiten", "open"):  # a double click, then a late "yes"
            response = still_open(client, junior, answer)
            assert response.status_code == 303, answer
        page = client.get("/werkgevers/mijn/").content.decode()
    assert "Deze werkplek is al gesloten." in page
    junior.refresh_from_db()
    assert junior.status == Werkplek.Status.CLOSED, "a closed place is reopened on purpose"
    assert henk.history.filter(what="Gesloten").count() == 1


def test_without_an_answer_in_fourteen_days_the_place_leaves_the_site(henk, client, mailoutbox):
    junior = henk.werkplekken.get(title="Junior developer")
    with on(30):
        daily()
    with on(43):
        assert "werkplekken offline: 0" in daily()
        assert client.get(junior.get_absolute_url()).status_code == 200
    with on(44):
        assert "Junior developer" in client.get("/werkplekken/").content.decode()  # cached
        assert "werkplekken offline: 2" in daily()
        assert "werkplekken offline: 0" in daily()
        assert client.get(junior.get_absolute_url()).status_code == 404
        assert "Junior developer" not in client.get("/werkplekken/").content.decode()
        page = employer_page(henk).get("/werkgevers/mijn/").content.decode()
    junior.refresh_from_db()
    assert junior.status == Werkplek.Status.UNCONFIRMED
    assert "Niet bevestigd" in page and "staat niet meer op de site" in page
    assert henk.history.filter(what__startswith="Van de site gehaald").count() == 2


def test_the_employer_can_confirm_an_unconfirmed_place_back(henk, client, admissions, mailoutbox):
    junior = henk.werkplekken.get(title="Junior developer")
    with on(30):
        daily()
    with on(50):
        daily()
        listed = admissions.get("/admin/employers/werkplek/?status__exact=onbevestigd")
        assert "Junior developer" in listed.content.decode()
        still_open(employer_page(henk), junior, "open")
        assert client.get(junior.get_absolute_url()).status_code == 200
    junior.refresh_from_db()
    assert junior.status == Werkplek.Status.OPEN
    assert timezone.localdate(junior.confirmed_at) == (START + datetime.timedelta(days=50)).date()


def test_answering_needs_the_employers_link_and_a_post(henk, mailoutbox):
    junior = henk.werkplekken.get(title="Junior developer")
    other = make_employer()
    with on(31):
        daily()
        url = f"/werkgevers/mijn/werkplek/{junior.pk}/nog-open/"
        assert Client().post(url, {"antwoord": "sluiten"}).status_code == 403
        assert still_open(employer_page(other), junior, "sluiten").status_code == 404
        assert employer_page(henk).get(url).status_code == 405
        response = still_open(employer_page(henk), junior, "misschien")
        assert response.status_code == 303
    junior.refresh_from_db()
    assert junior.status == Werkplek.Status.OPEN and junior.awaits_confirmation


def test_places_not_on_the_site_are_not_asked_about(mailoutbox):
    with time_machine.travel(START, tick=False):
        unscreened = make_employer(status="aangemeld", contact_email="nieuw@bedrijf.example")
        make_werkplek(employer=unscreened)
        closed = make_employer(contact_email="dicht@bedrijf.example")
        make_werkplek(employer=closed, status=Werkplek.Status.FILLED)
    with on(31):
        daily()
    assert not questions(mailoutbox, "nieuw@bedrijf.example")
    assert not questions(mailoutbox, "dicht@bedrijf.example")


def test_the_list_and_the_place_page_say_when_it_was_last_confirmed(client):
    with time_machine.travel(START, tick=False):
        werkplek = make_werkplek(title="Junior developer")
    with on(10):
        assert "Bijgewerkt op 2 maart 2026" in client.get("/werkplekken/").content.decode()
        page = client.get(werkplek.get_absolute_url()).content.decode()
    assert "Bijgewerkt op" in page and "2 maart 2026" in page
