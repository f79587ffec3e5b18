"""Counters in the shared cache for limits per client: rates, login attempts, submits."""

import functools

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.db import BaseDatabaseCache

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@functools.cache
def parse_rate(rate):
    """'10/h' -> (10, 3600). Refuses anything else, so a typo in the env fails at start."""
    count, _, unit = rate.partition("/")
    if not count.isdigit() or unit not in UNITS or int(count) < 1:
        raise ValueError(f"must look like 10/h or 10000/m, not {rate!r}")
    return int(count), UNITS[unit]


def client_ip(request):
    """The visitor's address; behind our own proxy the one it saw, not what a client claims."""
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def count_hits(counters):
    """Add one to each counter, given as (key, window): the new counts. Redis counts them
    all in one round trip; another cache, or Redis while it is down, one by one."""
    values = cache.count_each(counters) if hasattr(cache, "count_each") else None
    return values or [count_hit(key, window) for key, window in counters]


def count_hit(key, window):
    """Add one to a counter in the shared cache that lives window seconds; the new count."""
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=window)
        return 1
    # The database cache increments with a get and a set, and the set gives the counter the
    # default timeout (five minutes): an hourly limit would forget a slow bot's submits.
    if isinstance(caches["default"], BaseDatabaseCache):
        cache.touch(key, window)
    return count
