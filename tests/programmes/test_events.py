import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mkbroute.lib import cache
from tests.factories import make_event, make_lead, make_programme

pytestmark = pytest.mark.django_db


def test_the_event_list_shows_coming_published_events_in_order(client):
    later = make_event(title="Open dag later", starts_in_days=30)
    sooner = make_event(title="Online voorlichting eerst", starts_in_days=3)
    make_event(title="Voorbij", starts_in_days=-2)
    make_event(title="Concept", published=False)
    response = client.get("/activiteiten/")
    assert response.status_code == 200
    assert list(response.context["events"]) == [sooner, later]
    assert "Voorbij" not in response.content.decode()


def test_an_empty_event_list_offers_to_keep_the_visitor_informed(client):
    html = client.get("/activiteiten/").content.decode()
    assert "geen activiteiten gepland" in html


def test_the_event_page_shows_time_place_and_programmes(client):
    programme = make_programme(name="Engineering")
    event = make_event(programmes=[programme], place="Campus Amersfoort", capacity=12)
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Campus Amersfoort" in html
    assert "Engineering" in html
    assert ">12<" in html


def test_an_unpublished_or_unknown_event_is_a_404(client):
    event = make_event(published=False)
    assert client.get(event.get_absolute_url()).status_code == 404
    assert client.get("/activiteiten/bestaat-niet/").status_code == 404


def full_event(**overrides):
    event = make_event(capacity=1, **overrides)
    make_lead("eerste@example.nl", intent="event", event=event)
    return event


def full_badges(html):
    return html.count('class="badge badge-full"')


def test_a_full_event_says_vol_on_its_page_and_in_the_list(client):
    event = full_event(title="Meeloopdag december")
    make_event(title="Open dag met plek", capacity=10)
    page = client.get(event.get_absolute_url()).content.decode()
    assert full_badges(page) == 1
    assert "Deze activiteit is vol" in page
    assert full_badges(client.get("/activiteiten/").content.decode()) == 1


def test_every_card_of_a_full_event_says_vol(client, personas):
    programme = personas["student"].programmes.get()
    full_event(programmes=[programme])
    for page in ("/", "/voor/student/", programme.get_absolute_url(), "/activiteiten/"):
        assert full_badges(client.get(page).content.decode()) == 1, page


def test_a_past_event_says_it_is_over_rather_than_full(client):
    event = full_event(starts_in_days=-2)
    assert "al voorbij" in client.get(event.get_absolute_url()).content.decode()


def test_cards_rendered_anew_count_seats_once_per_edit_and_show_the_last_seat_taken(
    client, personas, monkeypatch, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 600  # what is kept per version lives as long as a page
    monkeypatch.setattr(cache, "cacheable_request", lambda request: False)  # a new tone
    programme = personas["student"].programmes.get()
    event = make_event(programmes=[programme], capacity=1)
    for url in ("/voor/student/", programme.get_absolute_url()):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert full_badges(client.get(url).content.decode()) == 0
        assert not [q for q in queries.captured_queries if '"programmes_event"' in q["sql"]]
    with django_capture_on_commit_callbacks(execute=True):
        make_lead("laatste@example.nl", intent="event", event=event)  # the last seat
    for url in ("/voor/student/", programme.get_absolute_url()):
        assert full_badges(client.get(url).content.decode()) == 1, url


def test_the_cards_of_kept_events_are_made_once_and_an_edited_event_s_again(
    client, personas, monkeypatch, settings
):
    from django.test.signals import template_rendered

    settings.PAGE_CACHE_SECONDS = 600  # what is kept per version lives as long as a page
    monkeypatch.setattr(cache, "cacheable_request", lambda request: False)  # made anew
    cards = []

    def count(sender, template, **kwargs):
        cards.append(template.name) if template.name == "includes/event_card.html" else None

    make_event(title="Proefdag", starts_in_days=20)
    template_rendered.connect(count)
    try:
        for url in ("/", "/voor/student/", "/", "/voor/student/"):
            assert "Open dag Utrecht" in client.get(url).content.decode()
        assert len(cards) == 2, "two events: each card made once, for both pages"
        event = personas["student"].programmes.get().events.get()
        event.title = "Open dag Utrecht, nu ook op zaterdag"
        event.save()
        page = client.get("/voor/student/").content.decode()
        assert "nu ook op zaterdag" in page and "Proefdag" in page
        assert len(cards) == 3, "the other event's card as it was"
    finally:
        template_rendered.disconnect(count)
