"""When a client, the database or the cache misbehaves, visitors get a plain page, not a 500."""

import datetime
import logging

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.test import Client, override_settings
from django.utils import timezone

from leads.outbox import Mail
from mkbroute import views
from mkbroute.lib import content
from mkbroute.lib.cache_backends import ForgivingRedisCache
from mkbroute.lib.errors import error_page
from tests.leads.helpers import run_worker, submit
from tests.leads.smtp import refusing_smtp_server, use_smtp

pytestmark = pytest.mark.django_db


def test_an_unknown_host_gets_a_plain_400_and_one_log_line_without_traceback(caplog):
    logger = logging.getLogger("django.security.DisallowedHost")
    logger.addHandler(caplog.handler)  # it does not pass its lines on to the root logger
    try:
        response = Client(raise_request_exception=False).get("/", HTTP_HOST="evil.example")
    finally:
        logger.removeHandler(caplog.handler)
    assert response.status_code == 400
    assert "Ongeldig verzoek" in response.content.decode()
    [line] = [record for record in caplog.records if record.levelname != "DEBUG"]
    assert "evil.example" in line.getMessage()
    assert not line.exc_info


def test_the_error_page_needs_no_database_and_no_cache(rf, settings, django_assert_num_queries):
    settings.PAGE_CACHE_SECONDS = 600  # as in production (0 only with DEBUG)
    content.forget_version()  # a request's start: no version read yet
    nowhere = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens here
    }
    request = rf.get("/", HTTP_HOST="evil.example")
    with override_settings(CACHES={"default": nowhere}), django_assert_num_queries(0):
        response = error_page(request, 500)
    assert response.status_code == 500
    page = response.content.decode()
    assert "Er ging iets mis" in page
    # The main menu leads on, as on every page.
    assert '<a href="/opleidingen/">' in page and '<a href="/keuzehulp/">' in page


REDIS_DOWN = {
    "BACKEND": "mkbroute.lib.cache_backends.ForgivingRedisCache",
    "LOCATION": "redis://127.0.0.1:1/0",  # a closed port: connections are refused at once
    "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
}


def test_with_redis_down_pages_are_served_and_the_rate_limit_still_holds(
    client, personas, settings, caplog
):
    settings.PAGE_CACHE_SECONDS = 600
    settings.LEADS_RATE_LIMIT = "2/h"
    counters_down = {"BACKEND": "mkbroute.lib.tally.RedisTally", "LOCATION": REDIS_DOWN["LOCATION"]}
    with override_settings(CACHES={"default": REDIS_DOWN}, TALLY=counters_down):
        for path in ("/", "/voor/student/", "/opleidingen/", "/interesse/", "/"):
            assert client.get(path).status_code == 200, path
        assert submit(client, email="a@example.nl").status_code == 302
        assert submit(client, email="b@example.nl").status_code == 302
        assert submit(client, email="c@example.nl").status_code == 429
    for logger in ("mkbroute.lib.cache", "mkbroute.lib.tally"):
        outage_lines = [r for r in caplog.records if r.name == logger]
        assert len(outage_lines) == 1, "an outage is logged once a minute, not per request"


def test_after_an_edit_during_an_outage_no_stale_page_is_served(client, personas, settings):
    settings.PAGE_CACHE_SECONDS = 600
    programme = personas["student"].programmes.get()
    with override_settings(CACHES={"default": REDIS_DOWN}):
        assert programme.name in client.get("/opleidingen/").content.decode()
        assert programme.name in client.get("/voor/student/").content.decode()  # its part kept
        programme.name = "Ondernemen en innoveren"
        programme.save()
        assert "Ondernemen en innoveren" in client.get("/opleidingen/").content.decode()
        assert "Ondernemen en innoveren" in client.get("/voor/student/").content.decode()


def test_healthz_names_a_cache_that_does_not_answer(client):
    with override_settings(CACHES={"default": REDIS_DOWN}):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "failed": ["cache"], "failed_mails": 0}


def test_healthz_names_counters_that_do_not_answer(client, settings):
    settings.TALLY = {
        "BACKEND": "mkbroute.lib.tally.RedisTally",
        "LOCATION": REDIS_DOWN["LOCATION"],
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "failed": ["counters"], "failed_mails": 0}


def test_healthz_names_mail_that_waits_too_long(client, personas):
    submit(client)
    assert client.get("/healthz").status_code == 200, "a fresh mail is not a problem yet"
    Mail.objects.update(created_at=timezone.now() - datetime.timedelta(hours=1))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["mail"]


def test_healthz_counts_mails_that_failed_for_good_and_stays_up(client, personas, settings):
    """A refused address is for admissions and monitoring to see, not a reason to take the
    site out of the load balancer."""
    submit(client)
    with refusing_smtp_server() as port:
        use_smtp(settings, port)
        run_worker()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "failed_mails": 1}


def test_the_redis_cache_keeps_one_client_per_connection_pool():
    backend = ForgivingRedisCache("redis://127.0.0.1:6379/14", {})
    assert backend._cache.get_client(write=True) is backend._cache.get_client(write=True)


class InterleavingCache(LocMemCache):
    """Another health check runs between this one's write and read, as under load."""

    interleaved = False

    def get(self, key, *args, **kwargs):
        if not InterleavingCache.interleaved:
            InterleavingCache.interleaved = True
            views.cache_answers()
        return super().get(key, *args, **kwargs)


def test_healthz_checks_running_side_by_side_do_not_fail_each_other():
    backend = {"BACKEND": "tests.mkbroute.test_outages.InterleavingCache"}
    with override_settings(CACHES={"default": backend}):
        assert views.cache_answers()
    assert InterleavingCache.interleaved


def test_healthz_names_a_mail_that_may_or_may_not_have_left(client, personas):
    submit(client)
    Mail.objects.update(status="unknown")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["mail_unknown"]
