import datetime

import pytest
import time_machine
from django.utils import timezone

from mkbroute.lib.limits import count_hit

pytestmark = pytest.mark.django_db

DATABASE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "mkbroute_cache",
    }
}


@pytest.mark.parametrize("backend", ["database", "memory"])
def test_a_counter_lives_its_whole_window_whatever_the_cache(settings, backend):
    if backend == "database":
        settings.CACHES = DATABASE_CACHE
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert [count_hit("limit-test", 3600) for _ in range(3)] == [1, 2, 3]
    # Twenty minutes later: past the cache's default timeout, within the hour's window.
    with time_machine.travel(start + datetime.timedelta(minutes=20), tick=False):
        assert count_hit("limit-test", 3600) == 4
    with time_machine.travel(start + datetime.timedelta(minutes=90), tick=False):
        assert count_hit("limit-test", 3600) == 1
