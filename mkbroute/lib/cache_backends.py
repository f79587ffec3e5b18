"""Redis as the shared cache, with an outage that degrades the site instead of breaking it."""

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger("mkbroute.lib.cache")

RETRY_AFTER = 5  # seconds without Redis after a failure, so a hung server costs one timeout
LOG_EVERY = 60  # seconds between two log lines about the same outage
COUNTER_SECONDS = 3600  # the longest add/incr keep a key in a worker's memory during an outage


class ReusedClients(RedisCacheClient):
    """One redis client per connection pool. Django builds a new one for every cache call,
    and a client's set-up cost a tenth of a cached page's time; clients are thread-safe."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        if pool not in clients:
            clients[pool] = self._client(connection_pool=pool)
        return clients[pool]


class ForgivingRedisCache(RedisCache):
    """While Redis cannot be reached, reads miss and writes are dropped: pages are built
    afresh and nothing stale is served. add and incr go on in this worker's memory (the
    content version). Limits and counts are not kept here at all (mkbroute/lib/tally.py).

    clear() deletes the cache's own keys, not the whole database (Django's FLUSHDB): the
    counters of mkbroute/lib/tally.py may live in the same Redis database."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClients
        self.down_until = 0.0
        self.logged_at = 0.0
        self.counters = LocMemCache("forgiving-redis-counters", {"TIMEOUT": COUNTER_SECONDS})

    def attempt(self, operation, *args, fallback=None, **kwargs):
        if time.monotonic() >= self.down_until:
            try:
                return getattr(super(), operation)(*args, **kwargs)
            except RedisError as error:
                self.failed(error)
        return fallback(*args, **kwargs) if fallback else None

    def failed(self, error):
        now = time.monotonic()
        self.down_until = now + RETRY_AFTER
        if now - self.logged_at >= LOG_EVERY:
            self.logged_at = now
            logger.error("cache unavailable, serving without it: %s", type(error).__name__)

    def get(self, key, default=None, version=None):
        value = self.attempt("get", key, None, version, fallback=self.counters.get)
        return default if value is None else value

    def get_many(self, keys, version=None):
        return self.attempt("get_many", keys, version, fallback=self.counters.get_many) or {}

    def has_key(self, key, version=None):
        return bool(self.attempt("has_key", key, version))

    def set(self, key, value, timeout=None, version=None):
        self.attempt("set", key, value, timeout, version)

    def set_many(self, data, timeout=None, version=None):
        # The content versions (mkbroute.lib.content): an edit during an outage makes new
        # ones in this worker's memory, where get_many then finds them.
        fallback = self.counters.set_many
        return self.attempt("set_many", data, timeout, version, fallback=fallback) or []

    def touch(self, key, timeout=None, version=None):
        return bool(self.attempt("touch", key, timeout, version))

    def delete(self, key, version=None):
        return bool(self.attempt("delete", key, version, fallback=self.counters.delete))

    def delete_many(self, keys, version=None):
        self.attempt("delete_many", keys, version)

    def clear(self):
        self.counters.clear()
        if time.monotonic() < self.down_until:
            return
        try:
            client = self._cache.get_client(write=True)
            keys = list(client.scan_iter(f"{self.key_prefix}:*", count=1000))  # make_key's
            for start in range(0, len(keys), 1000):
                client.delete(*keys[start : start + 1000])
        except RedisError as error:
            self.failed(error)

    def add(self, key, value, timeout=None, version=None):
        return bool(self.attempt("add", key, value, timeout, version, fallback=self.counters.add))

    def incr(self, key, delta=1, version=None):
        return self.attempt("incr", key, delta, version, fallback=self.counters.incr)
