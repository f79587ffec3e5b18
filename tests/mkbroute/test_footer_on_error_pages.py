"""The error pages need no database and no cache, also with the page cache on (their footer
is kept per process, not per content version)."""

import pytest
from django.test import override_settings

from mkbroute.lib import content
from mkbroute.lib.errors import error_page

pytestmark = pytest.mark.django_db


def test_the_503_page_needs_no_database_with_the_database_cache(
    rf, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 600
    content.forget_version()
    in_the_database = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "mkbroute_cache",
    }
    request = rf.get("/")
    with override_settings(CACHES={"default": in_the_database}), django_assert_num_queries(0):
        response = error_page(request, 503)
    assert response.status_code == 503


@pytest.mark.django_db(transaction=True)
def test_with_the_database_away_the_page_says_come_back_also_with_the_page_cache_on(settings):
    from django.test import Client

    from tests.mkbroute.test_database_outage import assert_come_back_later, database_away

    settings.PAGE_CACHE_SECONDS = 600
    in_the_database = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "mkbroute_cache",
    }
    client = Client(raise_request_exception=False)
    with override_settings(CACHES={"default": in_the_database}), database_away():
        response = client.get("/opleidingen/")
    assert_come_back_later(response)
