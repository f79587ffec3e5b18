"""Counting in a process's memory, flushed to the shared cache in one round trip a second."""

import datetime
import logging
import os
import threading
import time

import pytest
import time_machine
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.db import DatabaseError

from mkbroute.lib import counters
from tests.helpers import RedisLikeCache

VISIT, FORM = "visit", "form"
PAGE = ("/voor/student/", "student", None)
BACKENDS = {
    "redis": "tests.helpers.RedisLikeCache",  # cache.count: one round trip per flush
    "fallback": "django.core.cache.backends.locmem.LocMemCache",  # incr and add per key
}


@pytest.fixture(params=list(BACKENDS))
def backend(request, settings):
    settings.CACHES = {"default": {"BACKEND": BACKENDS[request.param]}}
    return request.param


@pytest.fixture
def round_trips(settings):
    settings.CACHES = {"default": {"BACKEND": BACKENDS["redis"]}}
    RedisLikeCache.round_trips.clear()
    yield RedisLikeCache.round_trips
    RedisLikeCache.round_trips.clear()


def in_cache(kind, hour, combination):
    """What the shared cache holds for a combination: no flush of this process's buffer."""
    return cache.get(counters._count_key(kind, hour, combination))


def wait_for(condition, seconds=5):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"not within {seconds} s"
        time.sleep(0.01)


def test_counting_costs_no_round_trip_and_a_read_flushes_in_one(own_buffer, round_trips):
    own_buffer()
    hour = counters.current_hour()
    for _ in range(100):
        counters.count((VISIT, PAGE), (FORM, PAGE), hour=hour)
    assert round_trips == [] and in_cache(VISIT, hour, PAGE) is None, "all in the buffer"
    assert counters.counted(VISIT, [hour]) == {(hour, PAGE): 100}
    assert counters.counted(FORM, [hour]) == {(hour, PAGE): 100}
    assert [sorted(trip.values()) for trip in round_trips] == [[100, 100]]


def test_a_stream_of_counts_costs_at_most_one_round_trip_per_flush_interval(
    own_buffer, round_trips
):
    own_buffer(seconds=0.1)
    hour = counters.current_hour()
    started, counts = time.monotonic(), 0
    while time.monotonic() - started < 1:
        counters.count((VISIT, PAGE), hour=hour)
        counts += 1
    elapsed = time.monotonic() - started
    assert 1 <= len(round_trips) <= elapsed / 0.1 + 1, "flushed in the background, batched"
    assert counters.counted(VISIT, [hour]) == {(hour, PAGE): counts}


def test_the_flusher_brings_counts_to_the_cache_without_a_read(own_buffer, backend):
    own_buffer(seconds=0.05)
    hour = counters.current_hour()
    counters.count((VISIT, PAGE), hour=hour)
    wait_for(lambda: in_cache(VISIT, hour, PAGE) == 1)
    assert counters.counted(VISIT, [hour]) == {(hour, PAGE): 1}, "and registered"


def test_counts_keep_their_hour_when_they_are_flushed_in_the_next(own_buffer, backend):
    own_buffer()
    end_of_hour = datetime.datetime(2026, 11, 29, 10, 59, 59, 500_000, tzinfo=datetime.UTC)
    with time_machine.travel(end_of_hour, tick=False):
        hour = counters.current_hour()
        counters.count((VISIT, PAGE))
    with time_machine.travel(end_of_hour + datetime.timedelta(seconds=30), tick=False):
        assert counters.current_hour() == hour + 1
        assert counters.counted(VISIT, [hour, hour + 1]) == {(hour, PAGE): 1}


def test_a_combination_gets_one_entry_in_an_hour_however_many_flushes(own_buffer, backend):
    own_buffer()
    hour = counters.current_hour()
    other = ("/opleidingen/", "neutraal", 7)
    for n in (3, 2, 1):
        for _ in range(n):
            counters.count((VISIT, PAGE), hour=hour)
        counters.flush()
    counters.count((VISIT, other), hour=hour)
    assert counters.counted(VISIT, [hour]) == {(hour, PAGE): 6, (hour, other): 1}
    assert cache.get(counters._entries_key(VISIT, hour)) == 2


def test_threads_counting_while_the_flusher_flushes_lose_nothing(own_buffer, backend):
    own_buffer(seconds=0.001)
    hour = counters.current_hour()

    def requests():
        for _ in range(2000):
            counters.count((VISIT, PAGE), (FORM, PAGE), hour=hour)

    threads = [threading.Thread(target=requests) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert counters.counted(VISIT, [hour]) == {(hour, PAGE): 16_000}
    assert counters.counted(FORM, [hour]) == {(hour, PAGE): 16_000}


def test_a_forked_worker_starts_empty_with_a_flusher_of_its_own(own_buffer):
    buffer = own_buffer()
    counters.count((VISIT, PAGE))
    flusher = buffer.flusher
    pid = os.fork()
    if pid == 0:  # the child, as a gunicorn worker after the fork: the parent flushes its own
        try:
            empty = buffer.counts == {} and buffer.flusher is None
            counters.count((VISIT, PAGE))
            started = buffer.flusher is not None and buffer.flusher.is_alive()
            os._exit(0 if empty and started and sum(buffer.counts.values()) == 1 else 1)
        finally:
            os._exit(2)
    _pid, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert sum(buffer.counts.values()) == 1 and buffer.flusher is flusher, "the parent's stay"


class BrokenCache(LocMemCache):
    def incr(self, key, delta=1, version=None):
        raise DatabaseError("the database cache cannot be written")


def test_a_failing_flush_is_logged_once_and_the_flusher_goes_on(own_buffer, settings, caplog):
    own_buffer(seconds=0.05)
    settings.CACHES = {"default": {"BACKEND": "tests.mkbroute.test_counters.BrokenCache"}}
    hour = counters.current_hour()
    with caplog.at_level(logging.ERROR, logger="mkbroute.lib.counters"):
        counters.count((VISIT, PAGE), hour=hour)
        wait_for(lambda: caplog.records)
        counters.count((VISIT, PAGE), hour=hour)
        counters.flush()
    assert [r.getMessage() for r in caplog.records] == ["counts not written to the cache: 1"]
    settings.CACHES = {"default": {"BACKEND": BACKENDS["fallback"]}}
    counters.count((VISIT, PAGE), hour=hour)
    wait_for(lambda: in_cache(VISIT, hour, PAGE) == 1)
