"""The rate limit stops floods and bots, not an open day or a visitor who makes typos."""

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import cache
from django.db import connections
from django.test import Client

from leads import spam
from leads.models import Lead
from mkbroute.lib import tally
from mkbroute.lib.limits import network
from tests.helpers import RoundTrips
from tests.leads.helpers import VALID, form_fields, submit

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


SUBMITS, AT_ONCE = 400, 32  # at once: each a connection of its own, within PostgreSQL's 100


@pytest.mark.django_db(transaction=True)  # each thread its own connection, as each worker
def test_it_accepts_exactly_the_limit_of_four_hundred_parallel_submits_from_one_address(
    counter_store, personas, settings
):
    settings.LEADS_RATE_LIMIT, settings.LEADS_NETWORK_RATE_LIMIT = "150/h", "400/h"
    fields = {**form_fields(Client().get("/interesse/").content.decode()), **VALID}
    start = threading.Barrier(AT_ONCE, timeout=60)

    def visitor(numbers):
        client = Client(REMOTE_ADDR="198.51.100.7")
        start.wait()
        try:
            return [
                client.post(
                    "/interesse/",
                    {**fields, "token": spam.new_token(), "email": f"persoon{n}@example.nl"},
                ).status_code
                for n in numbers
            ]
        finally:
            connections.close_all()

    shares = [range(first, SUBMITS, AT_ONCE) for first in range(AT_ONCE)]
    with ThreadPoolExecutor(AT_ONCE) as pool:
        statuses = Counter(status for share in pool.map(visitor, shares) for status in share)
    assert statuses == {302: 150, 429: 250}
    assert Lead.objects.count() == 150


def test_it_keeps_the_limit_when_the_cache_is_cleared(counter_store, personas, settings):
    settings.LEADS_RATE_LIMIT = "2/h"
    assert submit(Client(), email="a@example.nl").status_code == 302
    assert submit(Client(), email="b@example.nl").status_code == 302
    cache.clear()
    assert submit(Client(), email="c@example.nl").status_code == 429


def test_in_redis_both_limits_count_across_requests_in_one_round_trip_each(
    redis_tally, personas, settings, rf, monkeypatch
):
    settings.LEADS_RATE_LIMIT, settings.LEADS_NETWORK_RATE_LIMIT = "2/h", "3/h"
    here = [Client(REMOTE_ADDR="198.51.100.10"), Client(REMOTE_ADDR="198.51.100.11")]
    assert submit(here[0], email="a@example.nl").status_code == 302
    assert submit(here[0], email="b@example.nl").status_code == 302
    assert submit(here[0], email="c@example.nl").status_code == 429, "the address's limit"
    assert submit(here[1], email="d@example.nl").status_code == 302
    assert submit(here[1], email="e@example.nl").status_code == 429, "the network's limit"
    elsewhere = Client(REMOTE_ADDR="192.0.2.1")
    assert submit(elsewhere, email="f@example.nl").status_code == 302

    # Each counter expires after its own window.
    client = redis_tally.client
    keys = list(client.scan_iter(f"{redis_tally.prefix}:c:leads-rate*"))
    ttls = {key.decode().split(":")[-2]: client.ttl(key) for key in keys}
    assert ttls and all(0 < ttl <= 3600 for ttl in ttls.values()), ttls

    request = rf.post("/interesse/", REMOTE_ADDR="203.0.113.5")
    trips = RoundTrips(monkeypatch)
    assert not spam.over_rate_limit(request)
    assert trips.count == 1, "both counters read at once"
    assert spam.count_submit(request)
    assert trips.count == 2, "both counters counted at once"
    keys = [key for key, *_rest in spam.rate_counters(request)]
    assert tally.get_many(keys) == dict.fromkeys(keys, 1)
