"""Counters in the shared cache, per hour and combination, that a worker folds into rows.

A request adds one to the key of its combination (say: a visit, this page, this tone, this
channel) in the current hour. The first time in an hour that a combination is counted it is
also written into a numbered slot, so that whoever folds the hour finds every key without
listing the cache. An hour is folded only once it is closed (plus a grace for requests that
were still running), so its figures no longer change while they are read: folding needs no
"read and subtract", and recording the folded hour in the same transaction as the rows means
no hour is ever counted twice.
"""

import datetime
import hashlib
import json
import time

from django.core.cache import cache

HOUR = 3600
GRACE = 120  # seconds after an hour's end before it is folded: slow requests still count
KEEP = 4 * 24 * HOUR  # how long an hour's keys live: days of worker outage before a loss
MAX_SLOTS = 5000  # combinations per kind and hour; beyond that a flood is not counted


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


def _slots_key(kind, hour):
    return f"count:{kind}:{hour}:slots"


def _slot_key(kind, hour, number):
    return f"count:{kind}:{hour}:slot:{number}"


def _count_key(kind, hour, combination):
    digest = hashlib.sha1(json.dumps(combination).encode(), usedforsecurity=False).hexdigest()
    return f"count:{kind}:{hour}:{digest[:20]}"


def count(*counted, hour=None):
    """Add one for each (kind, combination) given; a combination is a tuple of str/int/None."""
    hour = current_hour() if hour is None else hour
    keys = [_count_key(kind, hour, combination) for kind, combination in counted]
    if hasattr(cache, "count"):  # Redis: one round trip for all (see cache_backends.py)
        values = cache.count(keys, KEEP) or ()
        for (kind, combination), value in zip(counted, values, strict=False):
            if value == 1:
                register(kind, hour, combination)
        return
    for (kind, combination), key in zip(counted, keys, strict=True):
        try:
            incr(key)
            continue
        except ValueError:  # the first of this combination in this hour
            pass
        if cache.add(key, 0, KEEP):
            register(kind, hour, combination)
        incr(key)


def incr(key, n=1):
    """Add n to a key that lives KEEP: Django's database cache increments with a get and a
    set, which gives the key the default timeout (five minutes), so it is touched again."""
    value = cache.incr(key, n)
    cache.touch(key, KEEP)
    return value


def register(kind, hour, combination):
    """Give a combination new in this hour a numbered slot, where folding finds its key."""
    cache.add(_slots_key(kind, hour), 0, KEEP)
    number = incr(_slots_key(kind, hour))
    if number <= MAX_SLOTS:
        cache.set(_slot_key(kind, hour, number), list(combination), KEEP)


def counted(kind, hours):
    """{(hour, combination): n} of what the cache holds for these hours."""
    hours = list(hours)
    sizes = cache.get_many([_slots_key(kind, hour) for hour in hours])
    slot_keys = {
        _slot_key(kind, hour, number): hour
        for hour in hours
        for number in range(1, min(sizes.get(_slots_key(kind, hour), 0), MAX_SLOTS) + 1)
    }
    slots = cache.get_many(list(slot_keys))
    keys = {
        _count_key(kind, hour, tuple(combination)): (hour, tuple(combination))
        for slot, combination in slots.items()
        for hour in [slot_keys[slot]]
    }
    values = cache.get_many(list(keys))
    return {keys[key]: n for key, n in values.items() if n}
