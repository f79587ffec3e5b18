"""Small helpers that tests of several apps share."""

import io
import socket

from django.core.cache.backends.locmem import LocMemCache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext


def command_output(name, *args):
    """What a management command writes to its stdout, run as call_command."""
    output = io.StringIO()
    call_command(name, *args, stdout=output)
    return output.getvalue()


def count_queries(client, url):
    """The queries of a steady visit to url: a first visit fills the caches (tones, personas)."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def listening(port):
    """Whether something on this machine takes connections on port."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


class RedisLikeCache(LocMemCache):
    """The cache in memory with the count of ForgivingRedisCache ({key: n} added in one
    call); each call is what would be one round trip to Redis, and is kept in round_trips."""

    round_trips = []  # the class's: each thread has its own instance of a cache backend

    def count(self, amounts, timeout):
        RedisLikeCache.round_trips.append(dict(amounts))
        return [n if self.add(key, n, timeout) else self.incr(key, n) for key, n in amounts.items()]
