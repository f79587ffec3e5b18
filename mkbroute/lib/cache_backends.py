"""Redis as the shared cache, with an outage that degrades the site instead of breaking it."""

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger("mkbroute.lib.cache")

RETRY_AFTER = 5  # seconds without Redis after a failure, so a hung server costs one timeout
LOG_EVERY = 60  # seconds between two log lines about the same outage
COUNTER_SECONDS = 3600  # the longest a counter is kept in a worker's memory during an outage


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
    afresh and nothing stale is served. Counters (add and incr: rate limits, login
    throttling) go on in this worker's memory, so limits still hold, per worker."""

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
        return self.attempt("set_many", data, timeout, version) or list(data)

    def touch(self, key, timeout=None, version=None):
        return bool(self.attempt("touch", key, timeout, version))

    def delete(self, key, version=None):
        return bool(self.attempt("delete", key, version, fallback=self.counters.delete))

    def delete_many(self, keys, version=None):
        self.attempt("delete_many", keys, version)

    def clear(self):
        self.counters.clear()
        self.attempt("clear")

    def add(self, key, value, timeout=None, version=None):
        return bool(self.attempt("add", key, value, timeout, version, fallback=self.counters.add))

    def incr(self, key, delta=1, version=None):
        return self.attempt("incr", key, delta, version, fallback=self.counters.incr)

    def count(self, amounts, timeout):
        """Add each amount to its key ({key: n}), creating a key that is missing (to expire
        after timeout): the new values in order, in one round trip instead of Django's two
        per key (and one more for the keys it created). None while Redis is down."""
        if time.monotonic() < self.down_until:
            return None
        try:
            client = self._cache.get_client(write=True)
            raw = [(self.make_and_validate_key(key), n) for key, n in amounts.items()]
            pipeline = client.pipeline(transaction=False)
            for raw_key, n in raw:
                pipeline.incrby(raw_key, n)
            values = pipeline.execute()
            new = [raw_key for (raw_key, n), value in zip(raw, values, strict=True) if value == n]
            if new:
                pipeline = client.pipeline(transaction=False)
                for raw_key in new:
                    pipeline.expire(raw_key, timeout)
                pipeline.execute()
            return values
        except RedisError as error:
            self.failed(error)
            return None

    def count_each(self, counters):
        """Add one to each counter, given as (key, timeout) pairs, creating a missing one to
        expire after its own timeout, as add() does: the new values in order, in one round
        trip, new counters included. None while Redis is down."""
        if time.monotonic() < self.down_until:
            return None
        try:
            pipeline = self._cache.get_client(write=True).pipeline(transaction=False)
            for key, timeout in counters:
                raw_key = self.make_and_validate_key(key)
                pipeline.set(raw_key, 0, ex=timeout, nx=True)
                pipeline.incr(raw_key)
            return pipeline.execute()[1::2]
        except RedisError as error:
            self.failed(error)
            return None
