"""The shared counters: atomic adds, windows, groups, outages, and a table that stays small."""

import datetime
import logging
import shutil
import socket
import subprocess
import threading
import time

import pytest
import time_machine
from django.core.cache import cache
from django.db import connections
from django.utils import timezone

from mkbroute.checks import counters_are_not_evicted
from mkbroute.lib import tally
from mkbroute.lib.limits import count_within, used_up
from mkbroute.models import Counter
from tests.helpers import listening

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["memory", "database"])
def travelling_store(request, settings):
    """The stores whose windows follow the test's clock (Redis keeps its own time)."""
    if request.param == "database":
        settings.TALLY = {"BACKEND": "mkbroute.lib.tally.DatabaseTally"}
    return request.param


def test_a_counter_lives_its_whole_window_from_its_first_add(travelling_store):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert [tally.add([("limit-test", 1, 3600)])[0] for _ in range(3)] == [1, 2, 3]
    with time_machine.travel(start + datetime.timedelta(minutes=59), tick=False):
        assert tally.add([("limit-test", 1, 3600)]) == [4]
        assert tally.get_many(["limit-test", "other"]) == {"limit-test": 4}
    with time_machine.travel(start + datetime.timedelta(minutes=61), tick=False):
        assert tally.get_many(["limit-test"]) == {}, "past its window"
        assert tally.add([("limit-test", 1, 3600)]) == [1], "and starts again"


def test_in_redis_a_counter_expires_with_its_window_from_its_first_add(redis_tally):
    assert tally.add([("limit-test", 1, 600), ("other", 2, 3600)]) == [1, 2]
    assert tally.add([("limit-test", 1, 600)]) == [2]
    client, key = redis_tally.client, f"{redis_tally.prefix}:c:limit-test"
    assert 590 < client.ttl(key) <= 600
    tally.delete(["limit-test"])
    assert tally.get_many(["limit-test", "other"]) == {"other": 2}
    client.set(key, 5)  # however it came to lack its window, it would block forever
    assert tally.add([("limit-test", 1, 600)]) == [6]
    assert 590 < client.ttl(key) <= 600, "the next add gives it back"


@pytest.mark.parametrize(
    "store",
    [pytest.param("database", marks=pytest.mark.django_db(transaction=True)), "redis"],
)
def test_adds_from_threads_with_connections_of_their_own_never_give_a_value_twice(
    store, settings, request
):
    if store == "redis":
        request.getfixturevalue("redis_tally")
    else:
        settings.TALLY = {"BACKEND": "mkbroute.lib.tally.DatabaseTally"}
    threads, adds = 16, 25
    start = threading.Barrier(threads, timeout=60)
    seen = []

    def adding():
        start.wait()
        try:
            for _ in range(adds):
                seen.extend(tally.add([("parallel", 1, 3600), ("other", 2, 3600)]))
        finally:
            connections.close_all()

    running = [threading.Thread(target=adding) for _ in range(threads)]
    for thread in running:
        thread.start()
    for thread in running:
        thread.join()
    total = threads * adds
    assert sorted(seen[::2]) == list(range(1, total + 1)), "each add saw its own new value"
    assert tally.get_many(["parallel", "other"]) == {"parallel": total, "other": 2 * total}


def test_counting_within_a_limit_refuses_what_goes_over_and_a_check_only_reads():
    limits = [("account", 2, 900), ("address", 3, 900)]
    assert [count_within(limits) for _ in range(3)] == [True, True, False]
    assert used_up(limits) and tally.get_many(["account"]) == {"account": 3}
    assert not used_up([("address", 4, 900)])


def test_expired_rows_are_deleted_by_a_later_write(settings):
    settings.TALLY = {"BACKEND": "mkbroute.lib.tally.DatabaseTally"}
    tally.store().cleaned_at = 0.0  # as a process that has not cleaned yet
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        tally.add([("short", 1, 60), ("long", 1, 3600)])
        tally.add_to_groups({"count:visit:1": {'["/"]': 3}}, 60)
    with time_machine.travel(start + datetime.timedelta(minutes=10), tick=False):
        tally.add([("new", 1, 60)])
    assert sorted(Counter.objects.values_list("key", flat=True)) == ["long", "new"]


@pytest.mark.parametrize("store", ["memory", "database", "redis"])
def test_groups_add_their_fields_and_are_read_at_once(store, settings, request):
    if store == "redis":
        request.getfixturevalue("redis_tally")
    elif store == "database":
        settings.TALLY = {"BACKEND": "mkbroute.lib.tally.DatabaseTally"}
    tally.add_to_groups({"hour-1": {"a": 2, "b": 1}, "hour-2": {"a": 5}}, 3600)
    tally.add_to_groups({"hour-1": {"a": 1, "ç/é": 1}}, 3600)
    tally.add([("hour-1", 7, 3600)])  # a counter of its own of that name is another thing
    assert tally.read_groups(["hour-1", "hour-2", "hour-3"]) == {
        "hour-1": {"a": 3, "b": 1, "ç/é": 1},
        "hour-2": {"a": 5},
        "hour-3": {},
    }


def test_with_redis_down_limits_count_in_memory_and_groups_are_unavailable(settings, caplog):
    settings.TALLY = {
        "BACKEND": "mkbroute.lib.tally.RedisTally",
        "LOCATION": "redis://127.0.0.1:1/0",  # a closed port: connections are refused at once
    }
    with caplog.at_level(logging.ERROR, logger="mkbroute.lib.tally"):
        assert [count_within([("address", 2, 3600)]) for _ in range(3)] == [True, True, False]
        with pytest.raises(tally.Unavailable):
            tally.add_to_groups({"hour-1": {"a": 1}}, 3600)
        with pytest.raises(tally.Unavailable):
            tally.read_groups(["hour-1"])
    assert len(caplog.records) == 1, "an outage is logged once a minute, not per request"


@pytest.mark.parametrize("counter_store", ["redis"], indirect=True)
def test_clearing_a_redis_cache_leaves_the_counters_in_the_same_database(counter_store):
    tally.add([("login-fail:ip:192.0.2.1", 1, 900)])
    cache.set("page", "html")
    cache.clear()
    assert cache.get("page") is None
    assert tally.get_many(["login-fail:ip:192.0.2.1"]) == {"login-fail:ip:192.0.2.1": 1}


@pytest.fixture
def evicting_redis(tmp_path):
    """A Redis of this test's own that evicts any key when its memory is full, as the cache's
    Redis may be set up."""
    if shutil.which("redis-server") is None:
        pytest.skip("no redis-server on this machine")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    options = ["--maxmemory", "64mb", "--maxmemory-policy", "allkeys-lru", "--save", ""]
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--dir", str(tmp_path), *options],
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while not listening(port):
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_deploy_check_warns_of_a_redis_that_may_evict_the_counters(
    evicting_redis, redis_tally, settings
):
    assert counters_are_not_evicted() == [], "the tests' Redis does not evict"
    settings.TALLY = {"BACKEND": "mkbroute.lib.tally.RedisTally", "LOCATION": evicting_redis}
    [warning] = counters_are_not_evicted()
    assert warning.id == "mkbroute.W001" and "allkeys-lru" in warning.msg
    settings.TALLY = {"BACKEND": "mkbroute.lib.tally.DatabaseTally"}
    assert counters_are_not_evicted() == []
