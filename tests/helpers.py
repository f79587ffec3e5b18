"""Small helpers that tests of several apps share."""

import http.cookiejar
import io
import socket
import urllib.error
import urllib.parse
import urllib.request

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


class Visitor:
    """A browser of its own against the live server: its own cookies, and in the server its
    own thread and database connection, so that several at once really are at once."""

    def __init__(self, base):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path):
        with self.opener.open(self.base + path, timeout=60) as response:
            return response.status, response.read().decode()

    def post(self, path, data):
        """(status, the address it ended on after redirects, the page); an error status is
        answered too, not raised, so that a test can count them."""
        body = urllib.parse.urlencode(data, doseq=True).encode()
        try:
            with self.opener.open(self.base + path, data=body, timeout=60) as response:
                return response.status, response.geturl(), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.url, error.read().decode()

    @property
    def csrf(self):
        return next(cookie.value for cookie in self.cookies if cookie.name == "csrftoken")
