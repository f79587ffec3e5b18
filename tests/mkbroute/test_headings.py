"""Every public page kind keeps its headings in order: it opens with its h1 and never skips a
level on the way down (h1, h2, h3; an h3 right after the h1 is a skip), as axe's heading-order
rule asks and as a screen reader's list of headings needs."""

import itertools
from html.parser import HTMLParser

import pytest

from programmes.models import Programme
from tests.employers.helpers import register
from tests.leads.helpers import submit
from tests.personas.test_address import public_pages

pytestmark = pytest.mark.django_db

LEVELS = {f"h{n}": n for n in range(1, 7)}


class _Headings(HTMLParser):
    def __init__(self):
        super().__init__()
        self.levels = []

    def handle_starttag(self, tag, attrs):
        if tag in LEVELS:
            self.levels.append(LEVELS[tag])


def heading_levels(html):
    reader = _Headings()
    reader.feed(html)
    return reader.levels


def out_of_order(levels):
    """What is wrong with a page's heading levels, in words; empty when they are in order."""
    if not levels:
        return ["no headings"]
    wrong = [] if levels[0] == 1 else [f"opens with h{levels[0]}"]
    wrong += [f"h{a} then h{b}" for a, b in itertools.pairwise(levels) if b > a + 1]
    return wrong


@pytest.mark.parametrize(
    ("levels", "wrong"),
    [
        ([1, 2, 3, 3, 2, 2], []),
        ([1, 2, 3, 1, 2], []),
        ([1, 3], ["h1 then h3"]),
        ([2, 1], ["opens with h2"]),
        ([1, 2, 4, 2], ["h2 then h4"]),
        ([], ["no headings"]),
    ],
)
def test_the_check_finds_a_skipped_level_and_a_page_that_opens_below_h1(levels, wrong):
    assert out_of_order(levels) == wrong


def test_every_public_page_kind_keeps_its_headings_in_order(client, demo_content):
    pages = [*public_pages(), "/werkplekken/?postcode=3511&afstand=10"]
    pages += ["/werkplekken/?postcode=4542&afstand=50"]  # the nearest places, further away
    wrong = {}
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 400, 404), url
        if found := out_of_order(heading_levels(response.content.decode())):
            wrong[url] = found
    assert not wrong, "\n".join(f"{url}: {found}" for url, found in wrong.items())


def test_forms_with_their_errors_keep_their_headings_in_order(client, demo_content):
    pages = {
        "interesse": submit(client, first_name="", email="geen-adres", consent_contact=None),
        "werkgever": register(client, Programme.objects.first(), kvk_number="12"),
    }
    wrong = {}
    for name, response in pages.items():
        assert response.status_code == 200, name
        if found := out_of_order(heading_levels(response.content.decode())):
            wrong[name] = found
    assert not wrong, wrong
