import pytest

from tests.factories import make_event, make_intake, make_location, make_programme
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
