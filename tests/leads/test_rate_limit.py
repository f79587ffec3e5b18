"""The rate limit stops floods and bots, not an open day or a visitor who makes typos."""

import uuid

import pytest
from django.core.cache import caches
from django.test import Client, override_settings
from redis.connection import Connection

from leads import spam
from leads.models import Lead
from leads.spam import network
from tests.helpers import listening
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


@pytest.fixture
def shared_redis():
    """The site's Redis cache (the backend production uses), on a prefix of this test's own."""
    if not listening(6379):
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    redis = {
        "BACKEND": "mkbroute.lib.cache_backends.ForgivingRedisCache",
        "LOCATION": "redis://127.0.0.1:6379/14",
        "KEY_PREFIX": f"rate-test-{uuid.uuid4().hex}",  # shares the server with others
    }
    with override_settings(CACHES={"default": redis}):
        yield caches["default"]
        caches["default"].delete_many(caches["default"]._cache.get_client().keys("*"))


class RoundTrips:
    """Counts what the site sends to Redis: one packed send is one round trip."""

    def __init__(self, monkeypatch):
        self.count = 0
        send = Connection.send_packed_command

        def counted(connection, command, check_health=True):
            self.count += 1
            return send(connection, command, check_health)

        monkeypatch.setattr(Connection, "send_packed_command", counted)


def test_in_redis_both_limits_count_across_requests_in_one_round_trip_each(
    shared_redis, personas, settings, rf, monkeypatch
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

    # Each counter expires after its own window, like one made by cache.add().
    client = shared_redis._cache.get_client()
    ttls = {key.decode().split(":")[-2]: client.ttl(key) for key in client.keys("*leads-rate*")}
    assert ttls and all(0 < ttl <= 3600 for ttl in ttls.values()), ttls

    request = rf.post("/interesse/", REMOTE_ADDR="203.0.113.5")
    trips = RoundTrips(monkeypatch)
    assert not spam.over_rate_limit(request)
    assert trips.count == 1, "both counters read at once"
    spam.count_submit(request)
    assert trips.count == 2, "both counters counted at once"
    assert shared_redis.get_many([key for key, *_rest in spam.rate_counters(request)]) == {
        key: 1 for key, *_rest in spam.rate_counters(request)
    }
