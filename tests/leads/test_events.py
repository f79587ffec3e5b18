import threading

import pytest
from django.db import connection
from django.test import Client

from leads.models import EventFull, Submission
from mkbroute.lib.content import content_version
from tests.factories import make_event
from tests.leads.helpers import submit

CONTACT = {"first_name": "Sem", "last_name": "Bakker", "phone": ""}


@pytest.mark.django_db
def test_a_full_event_refuses_and_offers_the_next_one(client, personas):
    full = make_event(title="Meeloopdag december", kind="meeloopdag", capacity=1, starts_in_days=10)
    following = make_event(title="Meeloopdag januari", kind="meeloopdag", starts_in_days=40)
    assert submit(client, full.get_absolute_url(), email="eerste@example.nl").status_code == 302
    page = client.get(full.get_absolute_url()).content.decode()
    assert "Deze activiteit is vol" in page and following.get_absolute_url() in page

    # Someone who opened the page before it filled up and sends the form now:
    response = submit(
        client, "/interesse/", email="tweede@example.nl", plek="event", activiteit=full.slug
    )
    html = response.content.decode()
    assert "Deze activiteit is helaas vol." in html
    assert following.get_absolute_url() in html
    assert Submission.objects.filter(event=full).count() == 1


@pytest.mark.django_db
def test_taking_the_last_seat_makes_cached_pages_say_vol(
    client, personas, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 600
    event = make_event(title="Meeloopdag december", capacity=1)
    pages = [event.get_absolute_url(), "/activiteiten/", "/"]
    visitor = Client()
    for page in pages:
        assert "badge-full" not in visitor.get(page).content.decode()  # now in the page cache
    with django_capture_on_commit_callbacks(execute=True):
        assert submit(client, event.get_absolute_url()).status_code == 302
    for page in pages:
        assert "badge-full" in visitor.get(page).content.decode(), page
    assert "Deze activiteit is vol" in visitor.get(event.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_a_sign_up_with_seats_left_keeps_the_cached_pages(
    client, personas, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 600
    event = make_event(capacity=2)
    Client().get("/activiteiten/")
    before = content_version()
    with django_capture_on_commit_callbacks(execute=True):
        assert submit(client, event.get_absolute_url()).status_code == 302
    assert content_version() == before


@pytest.mark.django_db
def test_signing_up_twice_takes_one_seat(client, personas):
    event = make_event(capacity=1)
    assert submit(client, event.get_absolute_url()).status_code == 302
    # The same person again, from a page opened before: welcome, on the seat they have.
    again = submit(client, "/interesse/", plek="event", activiteit=event.slug)
    assert again.status_code == 302
    assert event.seats_taken() == 1
    assert Submission.objects.filter(event=event).count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_last_seat_cannot_be_taken_twice_at_the_same_moment(personas):
    event = make_event(capacity=1)
    start = threading.Barrier(8)
    outcomes = []

    def sign_up(n):
        start.wait()
        try:
            Submission.record(
                {**CONTACT, "email": f"persoon{n}@example.nl"},
                {"intent": "event", "event": event},
                token=f"race-{n}",
            )
            outcomes.append("seat")
        except EventFull:
            outcomes.append("full")
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["full"] * 7 + ["seat"]
    assert Submission.objects.filter(event=event).count() == 1
