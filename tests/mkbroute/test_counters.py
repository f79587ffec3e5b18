"""Counting in a process's memory, flushed to the shared counters in one round trip a second."""

import datetime
import logging
import os
import threading
import time

import pytest
import time_machine
from django.db import DatabaseError

from mkbroute.lib import counters, tally
from mkbroute.lib.tally import MemoryTally, Unavailable
from tests.helpers import RoundTrips

VISIT, FORM = "visit", "form"
PAGE = ("/voor/student/", "student", None)


@pytest.fixture(
    params=[
        "memory",
        # The flusher thread writes with a connection of its own: the test's must not hold
        # SQLite's write lock in a transaction meanwhile.
        pytest.param("database", marks=pytest.mark.django_db(transaction=True)),
        "redis",
    ]
)
def backend(request, settings):
    """Each store of the counters: this process's memory, the database's table, Redis."""
    if request.param == "redis":
        request.getfixturevalue("redis_tally")
    elif request.param == "database":
        settings.TALLY = {"BACKEND": "mkbroute.lib.tally.DatabaseTally"}
    return request.param


def in_store(kind, hour, combination):
    """What the shared counters hold for a combination: no flush of this process's buffer."""
    fields = tally.read_groups([counters.group_of(kind, hour)])[counters.group_of(kind, hour)]
    return fields.get(counters.field_of(combination))


def wait_for(condition, seconds=5):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"not within {seconds} s"
        time.sleep(0.01)


def test_counting_costs_no_round_trip_and_a_read_flushes_in_one(
    own_buffer, redis_tally, monkeypatch
):
    own_buffer()
    hour = counters.current_hour()
    trips = RoundTrips(monkeypatch)
    for _ in range(100):
        counters.count((VISIT, PAGE), (FORM, PAGE), hour=hour)
    assert trips.count == 0, "all in the buffer"
    assert counters.counted(VISIT, [hour]) == {(hour, PAGE): 100}
    assert trips.count == 2, "one flush of both kinds, one read"
    assert counters.counted(FORM, [hour]) == {(hour, PAGE): 100}
    assert trips.count == 3


def test_a_stream_of_counts_costs_at_most_one_round_trip_per_flush_interval(
    own_buffer, redis_tally, monkeypatch
):
    own_buffer(seconds=0.1)
    hour = counters.current_hour()
    trips = RoundTrips(monkeypatch)
    started, counts = time.monotonic(), 0
    while time.monotonic() - started < 1:
        counters.count((VISIT, PAGE), hour=hour)
        counts += 1
    elapsed = time.monotonic() - started
    assert 1 <= trips.count <= elapsed / 0.1 + 1, "flushed in the background, batched"
    assert counters.counted(VISIT, [hour]) == {(hour, PAGE): counts}


def test_the_flusher_brings_counts_to_the_store_without_a_read(own_buffer, backend):
    own_buffer(seconds=0.05)
    hour = counters.current_hour()
    counters.count((VISIT, PAGE), hour=hour)
    wait_for(lambda: in_store(VISIT, hour, PAGE) == 1)
    assert counters.counted(VISIT, [hour]) == {(hour, PAGE): 1}


def test_counts_keep_their_hour_when_they_are_flushed_in_the_next(own_buffer, backend):
    own_buffer()
    end_of_hour = datetime.datetime(2026, 11, 29, 10, 59, 59, 500_000, tzinfo=datetime.UTC)
    with time_machine.travel(end_of_hour, tick=False):
        hour = counters.current_hour()
        counters.count((VISIT, PAGE))
    with time_machine.travel(end_of_hour + datetime.timedelta(seconds=30), tick=False):
        assert counters.current_hour() == hour + 1
        assert counters.counted(VISIT, [hour, hour + 1]) == {(hour, PAGE): 1}


def test_a_combination_is_one_field_of_its_hour_however_many_flushes(own_buffer, backend):
    own_buffer()
    hour = counters.current_hour()
    other = ("/opleidingen/", "neutraal", 7)
    for n in (3, 2, 1):
        for _ in range(n):
            counters.count((VISIT, PAGE), hour=hour)
        counters.flush()
    counters.count((VISIT, other), hour=hour)
    assert counters.counted(VISIT, [hour]) == {(hour, PAGE): 6, (hour, other): 1}
    group = counters.group_of(VISIT, hour)
    assert len(tally.read_groups([group])[group]) == 2


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


def test_a_flood_of_combinations_is_counted_up_to_the_limit(own_buffer, monkeypatch):
    own_buffer()
    monkeypatch.setattr(counters, "MAX_ENTRIES", 3)
    hour = counters.current_hour()
    for n in range(10):
        counters.count((VISIT, (f"/pagina-{n}/", "neutraal", None)), hour=hour)
    counters.count((VISIT, ("/pagina-0/", "neutraal", None)), hour=hour)
    assert sorted(counters.counted(VISIT, [hour]).values()) == [1, 1, 2]


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


class BrokenTally(MemoryTally):
    def add_to_groups(self, groups, seconds):
        raise DatabaseError("the counters cannot be written")


class DownTally(MemoryTally):
    """A store that is known to be down until the test says otherwise."""

    down = True

    def add_to_groups(self, groups, seconds):
        if DownTally.down:
            raise Unavailable("down")
        super().add_to_groups(groups, seconds)


def test_a_failing_flush_is_logged_once_and_the_flusher_goes_on(own_buffer, settings, caplog):
    own_buffer(seconds=0.05)
    settings.TALLY = {"BACKEND": "tests.mkbroute.test_counters.BrokenTally"}
    hour = counters.current_hour()
    with caplog.at_level(logging.ERROR, logger="mkbroute.lib.counters"):
        counters.count((VISIT, PAGE), hour=hour)
        wait_for(lambda: caplog.records)
        counters.count((VISIT, PAGE), hour=hour)
        counters.flush()
    assert [r.getMessage() for r in caplog.records] == ["counts not written: 1"]
    settings.TALLY = {"BACKEND": "mkbroute.lib.tally.MemoryTally"}
    counters.count((VISIT, PAGE), hour=hour)
    wait_for(lambda: in_store(VISIT, hour, PAGE) == 1)


def test_while_the_store_is_down_the_counts_wait_in_the_buffer(own_buffer, settings, caplog):
    own_buffer()
    settings.TALLY = {"BACKEND": "tests.mkbroute.test_counters.DownTally"}
    hour = counters.current_hour()
    DownTally.down = True
    counters.count((VISIT, PAGE), hour=hour)
    counters.flush()
    counters.count((VISIT, PAGE), hour=hour)
    counters.flush()
    assert in_store(VISIT, hour, PAGE) is None and not caplog.records
    DownTally.down = False
    assert counters.counted(VISIT, [hour]) == {(hour, PAGE): 2}
