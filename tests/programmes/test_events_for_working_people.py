"""Events for people who work by day: the list filters by evening, weekend and online."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from tests.factories import make_event
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


def at(day, hour):
    return timezone.make_aware(datetime.datetime(2026, 4, day, hour))


@pytest.fixture
def events():
    # 15 April 2026 is a Wednesday.
    with time_machine.travel(datetime.date(2026, 4, 10), tick=False):
        make_event(title="Dagvoorlichting", starts_at=at(15, 10), ends_at=at(15, 12))
        make_event(title="Avondvoorlichting", starts_at=at(15, 19), ends_at=at(15, 21))
        make_event(title="Zaterdagochtend", starts_at=at(18, 10), ends_at=at(18, 13))
        make_event(
            title="Online avond",
            kind="online_voorlichting",
            place="",
            online_url="https://meet.example.org/",
            starts_at=at(16, 20),
            ends_at=at(16, 21),
        )


def titles(client, query=""):
    html = client.get(f"/activiteiten/{query}").content.decode()
    names = ["Dagvoorlichting", "Avondvoorlichting", "Zaterdagochtend", "Online avond"]
    return [name for name in names if f">{name}</a>" in html]


@time_machine.travel(datetime.date(2026, 4, 10), tick=False)
def test_the_list_filters_by_evening_weekend_and_online(client, events):
    assert titles(client) == [
        "Dagvoorlichting",
        "Avondvoorlichting",
        "Zaterdagochtend",
        "Online avond",
    ]
    assert titles(client, "?wanneer=avond") == ["Avondvoorlichting", "Online avond"]
    assert titles(client, "?wanneer=weekend") == ["Zaterdagochtend"]
    assert titles(client, "?wanneer=online") == ["Online avond"]
    assert len(titles(client, "?wanneer=\x00nacht")) == 4  # unknown: everything


@time_machine.travel(datetime.date(2026, 4, 10), tick=False)
def test_cards_say_evening_and_weekend(client, events):
    html = client.get("/activiteiten/").content.decode()
    assert "Open dag · ’s avonds" in html and "Open dag · weekend" in html


@time_machine.travel(datetime.date(2026, 4, 10), tick=False)
def test_a_filter_costs_no_extra_query(client, events):
    assert count_queries(client, "/activiteiten/?wanneer=avond") == count_queries(
        client, "/activiteiten/"
    )


def test_the_demo_has_evening_weekend_and_online_events(demo_content):
    from programmes.models import Event

    events = list(Event.objects.published().upcoming())
    assert any(e.is_evening and not e.is_online for e in events)
    assert any(e.is_weekend for e in events)
    assert any(e.is_online and e.is_evening for e in events)
