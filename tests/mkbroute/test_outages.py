"""When a client, the database or the cache misbehaves, visitors get a plain page, not a 500."""

import logging

import pytest
from django.test import Client, override_settings

from mkbroute.errors import error_page

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


def test_the_error_page_needs_no_database_and_no_cache(rf, django_assert_num_queries):
    nowhere = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens here
    }
    request = rf.get("/", HTTP_HOST="evil.example")
    with override_settings(CACHES={"default": nowhere}), django_assert_num_queries(0):
        response = error_page(request, 500)
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()
