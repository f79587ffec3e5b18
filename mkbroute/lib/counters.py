"""The funnel's counts, per hour and combination, kept until a worker folds them into rows.

A request adds one to its combination (say: a visit, this page, this tone, this channel) in
the current hour, in a buffer in this process's memory: no round trip, only a dict under a
lock. About once a second a thread of the process flushes the buffer to the shared counters
(mkbroute.lib.tally: Redis, or a table in the database; never the cache, which may drop them),
adding each sum to its combination in the group of its kind and hour in one round trip, so a
request costs a few microseconds instead of a round trip. The buffer is also flushed at exit
and before this process reads the counts, so a process always sees its own counts. The price:
the figures of other processes are at most about a second behind, and a worker that is killed
hard (SIGKILL, a crash, the OOM killer) loses at most its last second of counts. While the
store is down the counts wait in the buffer.

Counts keep the hour they were counted in, however late they are flushed. An hour is folded
only once it is closed plus a grace (for slow requests and for buffers not yet flushed), so its
figures no longer change while they are read: folding needs no "read and subtract", and
recording the folded hour in the same transaction as the rows means no hour is ever counted
twice.
"""

import atexit
import datetime
import json
import logging
import os
import threading
import time

from django.db import connections

from . import tally

logger = logging.getLogger("mkbroute.lib.counters")

HOUR = 3600
GRACE = 120  # seconds after an hour's end before it is folded: slow requests still count
FLUSH_SECONDS = 1.0  # how often a process writes its buffer to the shared counters; < GRACE
LOG_EVERY = 60  # seconds between two log lines about flushes that fail
KEEP = 4 * 24 * HOUR  # how long an hour's counts live: days of worker outage before a loss
MAX_ENTRIES = (
    5000  # combinations per kind and hour from one process; beyond, a flood is not counted
)


def current_hour(now=None):
    """The hour a request counts in: hours since the epoch, in UTC."""
    return int((time.time() if now is None else now) // HOUR)


def hour_start(hour):
    return datetime.datetime.fromtimestamp(hour * HOUR, tz=datetime.UTC)


def closed_hours(since_hours=KEEP // HOUR, now=None):
    """The hours whose counts may still live and that no request counts in any more."""
    now = time.time() if now is None else now
    last_closed = int((now - GRACE) // HOUR) - 1
    return range(current_hour(now) - since_hours, last_closed + 1)


def group_of(kind, hour):
    """The group in the shared counters that holds a kind's counts of an hour."""
    return f"count:{kind}:{hour}"


def field_of(combination):
    return json.dumps(combination, ensure_ascii=False, separators=(",", ":"))


class Buffer:
    """This process's counts not yet in the shared counters: {(kind, hour, combination): n}.

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
        self.sent = {}  # {(kind, hour): combinations flushed}, for MAX_ENTRIES
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
        """Write what was counted so far to the shared counters; when this returns, every
        count added before the call is there, waits for the store to come back, or was lost
        to a failure underway (which is logged)."""
        with self.flushing:
            with self.lock:
                counts, self.counts = self.counts, {}
            counts = self.within_limit(counts)
            if not counts:
                return
            try:
                send(counts)
            except tally.Unavailable:  # nothing written: they go with the next flush
                with self.lock:
                    for key, n in counts.items():
                        self.counts[key] = self.counts.get(key, 0) + n
            except Exception:  # a background thread and exit must outlive a failing store
                now = time.monotonic()
                if now - self.logged_at >= LOG_EVERY:
                    self.logged_at = now
                    logger.exception("counts not written: %d", sum(counts.values()))

    def within_limit(self, counts):
        """The counts whose combination is one of the first MAX_ENTRIES of its kind and hour
        that this process flushed: a flood of made-up combinations stops being counted."""
        oldest = current_hour() - 2
        self.sent = {key: sent for key, sent in self.sent.items() if key[1] >= oldest}
        kept = {}
        for (kind, hour, combination), n in counts.items():
            sent = self.sent.setdefault((kind, hour), set())
            if combination not in sent and len(sent) < MAX_ENTRIES:
                sent.add(combination)
            if combination in sent:
                kept[kind, hour, combination] = n
        return kept

    def flush_every(self):
        while not self.stopped.wait(self.seconds):
            self.flush()
            # The database's counters opened a connection in this thread: no request closes it.
            connections.close_all()

    def stop(self):
        """Stop the flusher thread (it flushes no more); for tests."""
        self.stopped.set()
        if self.flusher is not None:
            self.flusher.join()


BUFFER = Buffer()


def count(*counted, hour=None):
    """Add one for each (kind, combination) given; a combination is a tuple of str/int/None.

    Only in this process's buffer: flush() and the flusher thread take it to the counters."""
    BUFFER.add(counted, current_hour() if hour is None else hour)


def flush():
    BUFFER.flush()


atexit.register(lambda: BUFFER.flush())  # whichever buffer is in use by then


def send(counts):
    """Add {(kind, hour, combination): n} to the shared counters, in one round trip."""
    groups = {}
    for (kind, hour, combination), n in counts.items():
        groups.setdefault(group_of(kind, hour), {})[field_of(combination)] = n
    tally.add_to_groups(groups, KEEP)


def counted(kind, hours):
    """{(hour, combination): n} of what the shared counters hold for these hours, this
    process's buffer included. Unavailable while the store cannot be read."""
    flush()
    hours = list(hours)
    groups = tally.read_groups([group_of(kind, hour) for hour in hours])
    return {
        (hour, tuple(json.loads(field))): n
        for hour in hours
        for field, n in groups[group_of(kind, hour)].items()
        if n
    }
