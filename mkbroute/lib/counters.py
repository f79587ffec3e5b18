"""Counters in the shared cache, per hour and combination, that a worker folds into rows.

A request adds one to its combination (say: a visit, this page, this tone, this channel) in
the current hour, in a buffer in this process's memory: no round trip, only a dict under a
lock. About once a second a thread of the process flushes the buffer to the shared cache,
adding each sum to the key of its combination and hour in one round trip, so a request costs
a few microseconds instead of a round trip to Redis. The buffer is also flushed at exit and
before this process reads the counters, so a process always sees its own counts. The price:
the figures of other processes are at most about a second behind, and a worker that is killed
hard (SIGKILL, a crash, the OOM killer) loses at most its last second of counts.

Counts keep the hour they were counted in, however late they are flushed. The first time in
an hour that a combination reaches the cache it is also written into a numbered entry, so that
whoever folds the hour finds every key without listing the cache. An hour is folded only once
it is closed plus a grace (for slow requests and for buffers not yet flushed), so its figures
no longer change while they are read: folding needs no "read and subtract", and recording the
folded hour in the same transaction as the rows means no hour is ever counted twice.
"""

import atexit
import datetime
import hashlib
import json
import logging
import os
import threading
import time

from django.core.cache import cache
from django.db import connections

logger = logging.getLogger("mkbroute.lib.counters")

HOUR = 3600
GRACE = 120  # seconds after an hour's end before it is folded: slow requests still count
FLUSH_SECONDS = 1.0  # how often a process writes its buffer to the shared cache; < GRACE
LOG_EVERY = 60  # seconds between two log lines about flushes that fail
KEEP = 4 * 24 * HOUR  # how long an hour's keys live: days of worker outage before a loss
MAX_ENTRIES = 5000  # combinations per kind and hour; beyond that a flood is not counted


def current_hour(now=None):
    """The hour a request counts in: hours since the epoch, in UTC."""
    return int((time.time() if now is None else now) // HOUR)


def hour_start(hour):
    return datetime.datetime.fromtimestamp(hour * HOUR, tz=datetime.UTC)


def closed_hours(since_hours=KEEP // HOUR, now=None):
    """The hours whose keys may still live and that no request counts in any more."""
    now = time.time() if now is None else now
    last_closed = int((now - GRACE) // HOUR) - 1
    return range(current_hour(now) - since_hours, last_closed + 1)


def _entries_key(kind, hour):
    return f"count:{kind}:{hour}:entries"


def _entry_key(kind, hour, number):
    return f"count:{kind}:{hour}:entry:{number}"


def _count_key(kind, hour, combination):
    digest = hashlib.sha1(json.dumps(combination).encode(), usedforsecurity=False).hexdigest()
    return f"count:{kind}:{hour}:{digest[:20]}"


class Buffer:
    """This process's counts not yet in the shared cache: {(kind, hour, combination): n}.

    Thread-safe (gunicorn runs threads). The flusher thread starts with the first count, in
    the process that counts: a gunicorn worker, after the fork. A forked child starts empty
    and without a flusher (its parent flushes what it counted itself) and starts its own.
    """

    def __init__(self, seconds=FLUSH_SECONDS):
        self.seconds = seconds
        self.logged_at = -LOG_EVERY
        self.forget()
        os.register_at_fork(after_in_child=self.forget)

    def forget(self):
        self.lock = threading.Lock()  # guards counts and flusher
        self.flushing = threading.Lock()  # one flush at a time: a read waits for one under way
        self.counts = {}
        self.flusher = None
        self.stopped = threading.Event()

    def add(self, counted, hour):
        with self.lock:
            counts = self.counts
            for kind, combination in counted:
                key = (kind, hour, combination)
                counts[key] = counts.get(key, 0) + 1
            if self.flusher is None:
                self.flusher = threading.Thread(
                    target=self.flush_every, name="counters-flusher", daemon=True
                )
                self.flusher.start()

    def flush(self):
        """Write what was counted so far to the shared cache; when this returns, every count
        added before the call is there (or lost to an outage, which is logged)."""
        with self.flushing:
            with self.lock:
                counts, self.counts = self.counts, {}
            if not counts:
                return
            try:
                send(counts)
            except Exception:  # a background thread and exit must outlive a failing cache
                now = time.monotonic()
                if now - self.logged_at >= LOG_EVERY:
                    self.logged_at = now
                    logger.exception("counts not written to the cache: %d", sum(counts.values()))

    def flush_every(self):
        while not self.stopped.wait(self.seconds):
            self.flush()
            # A database cache opened a connection in this thread: no request closes it.
            connections.close_all()

    def stop(self):
        """Stop the flusher thread (it flushes no more); for tests."""
        self.stopped.set()
        if self.flusher is not None:
            self.flusher.join()


BUFFER = Buffer()


def count(*counted, hour=None):
    """Add one for each (kind, combination) given; a combination is a tuple of str/int/None.

    Only in this process's buffer: flush() and the flusher thread take it to the cache."""
    BUFFER.add(counted, current_hour() if hour is None else hour)


def flush():
    BUFFER.flush()


atexit.register(lambda: BUFFER.flush())  # whichever buffer is in use by then


def send(counts):
    """Add {(kind, hour, combination): n} to the cache, registering combinations new there."""
    items = [(*key, n, _count_key(*key)) for key, n in counts.items()]
    if hasattr(cache, "count"):  # Redis: one round trip for all (see cache_backends.py)
        values = cache.count({key: n for *_, n, key in items}, KEEP) or ()
        for (kind, hour, combination, n, _key), value in zip(items, values, strict=False):
            if value == n:  # this flush created the key: the first in this hour
                register(kind, hour, combination)
        return
    for kind, hour, combination, n, key in items:
        try:
            incr(key, n)
            continue
        except ValueError:  # the first of this combination in this hour
            pass
        if cache.add(key, 0, KEEP):
            register(kind, hour, combination)
        incr(key, n)


def incr(key, n=1):
    """Add n to a key that lives KEEP: Django's database cache increments with a get and a
    set, which gives the key the default timeout (five minutes), so it is touched again."""
    value = cache.incr(key, n)
    cache.touch(key, KEEP)
    return value


def register(kind, hour, combination):
    """Give a combination new in this hour a numbered entry, where folding finds its key."""
    cache.add(_entries_key(kind, hour), 0, KEEP)
    number = incr(_entries_key(kind, hour))
    if number <= MAX_ENTRIES:
        cache.set(_entry_key(kind, hour, number), list(combination), KEEP)


def counted(kind, hours):
    """{(hour, combination): n} of what the cache holds for these hours, this process's
    buffer included."""
    flush()
    hours = list(hours)
    sizes = cache.get_many([_entries_key(kind, hour) for hour in hours])
    entry_keys = {
        _entry_key(kind, hour, number): hour
        for hour in hours
        for number in range(1, min(sizes.get(_entries_key(kind, hour), 0), MAX_ENTRIES) + 1)
    }
    entries = cache.get_many(list(entry_keys))
    keys = {
        _count_key(kind, hour, tuple(combination)): (hour, tuple(combination))
        for entry, combination in entries.items()
        for hour in [entry_keys[entry]]
    }
    values = cache.get_many(list(keys))
    return {keys[key]: n for key, n in values.items() if n}
