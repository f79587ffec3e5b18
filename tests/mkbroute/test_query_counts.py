import pytest

from tests.factories import make_event, make_intake, make_lead, make_location, make_programme
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


def make_programmes(count):
    locations = [make_location(), make_location()]
    programmes = [make_programme(locations=locations) for _ in range(count)]
    for programme in programmes:
        make_intake(programme)
        make_intake(programme, start_in_days=300)
        make_event(programmes=[programme])
    return programmes


@pytest.mark.parametrize("url", ["/", "/opleidingen/", "/activiteiten/"])
def test_list_pages_use_the_same_number_of_queries_for_3_or_30_programmes(client, url):
    make_programmes(3)
    few = count_queries(client, url)
    make_programmes(27)
    assert count_queries(client, url) == few


def test_the_detail_page_does_not_grow_with_locations_intakes_or_events(client):
    programme = make_programmes(1)[0]
    few = count_queries(client, programme.get_absolute_url())
    programme.locations.add(*[make_location() for _ in range(5)])
    for days in range(10, 200, 20):
        make_intake(programme, start_in_days=days)
        make_event(programmes=[programme])
    assert count_queries(client, programme.get_absolute_url()) == few
    assert few <= 8


def test_the_detail_page_uses_the_same_number_of_queries_for_3_or_30_programmes(client):
    first = make_programmes(3)[0]
    few = count_queries(client, first.get_absolute_url())
    make_programmes(27)
    assert count_queries(client, first.get_absolute_url()) == few


@pytest.mark.parametrize("url", ["/", "/activiteiten/", "programme"])
def test_cards_say_which_events_are_full_without_a_query_per_card(client, url):
    programme = make_programmes(1)[0]
    events = [make_event(programmes=[programme], starts_in_days=n) for n in (1, 2, 3)]
    url = programme.get_absolute_url() if url == "programme" else url
    unlimited = count_queries(client, url)
    for n, event in enumerate(events):
        event.capacity = 1
        event.save()
        make_lead(f"persoon{n}@example.nl", intent="event", event=event)
    assert count_queries(client, url) == unlimited
    assert "badge-full" in client.get(url).content.decode()
