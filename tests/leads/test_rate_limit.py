"""The rate limit stops floods and bots, not an open day or a visitor who makes typos."""

import pytest
from django.test import Client

from leads.models import Lead
from leads.spam import network
from tests.leads.helpers import submit

pytestmark = pytest.mark.django_db


@pytest.mark.slow  # a hundred real submits
def test_a_hundred_visitors_on_one_wifi_are_not_blocked_by_the_defaults(client, personas, settings):
    settings.LEADS_RATE_LIMIT, settings.LEADS_NETWORK_RATE_LIMIT = "150/h", "400/h"
    for n in range(100):
        assert submit(client, email=f"bezoeker{n}@example.nl").status_code == 302, n
    assert Lead.objects.count() == 100


def test_typos_do_not_count_towards_the_limit(client, personas, settings):
    settings.LEADS_RATE_LIMIT = "2/h"
    for _typo in range(5):
        assert submit(client, email="geen-adres").status_code == 200
    assert submit(client, email="a@example.nl").status_code == 302
    assert submit(client, email="b@example.nl").status_code == 302
    assert submit(client, email="c@example.nl").status_code == 429


def test_submits_refused_as_spam_count_towards_the_limit(client, personas, settings):
    settings.LEADS_RATE_LIMIT = "2/h"
    for _bot in range(2):
        assert submit(client, website="http://spam.example").status_code == 200
    assert submit(client, email="a@example.nl").status_code == 429
    assert not Lead.objects.exists()


def test_a_network_has_a_limit_of_its_own(client, personas, settings):
    settings.LEADS_NETWORK_RATE_LIMIT = "2/h"
    for host, expected in ((10, 302), (11, 302), (12, 429)):
        visitor = Client(REMOTE_ADDR=f"198.51.100.{host}")
        assert submit(visitor, email=f"p{host}@example.nl").status_code == expected, host
    elsewhere = Client(REMOTE_ADDR="192.0.2.1")
    assert submit(elsewhere, email="p@example.nl").status_code == 302


def test_networks_are_slash_24_and_slash_64():
    assert network("198.51.100.77") == "198.51.100.0/24"
    assert network("2001:db8:1:2:3::4") == "2001:db8:1:2::/64"
    assert network("onzin") == "onzin"
