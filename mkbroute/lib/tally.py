"""Counters that limits and the funnel rely on, kept where no cache culling or eviction reaches
them: Redis, or else a table in the database.

The cache may drop any entry at any time (Django's database cache deletes a third of its keys
when it is full, Redis evicts under memory pressure, and clear() empties it), which is fine for
a page and wrong for a login throttle, a rate limit or a visit not yet folded into rows. These
live here instead, in the store settings.TALLY names:

- RedisTally (when REDIS_URL or TALLY_REDIS_URL is set): INCRBY in one round trip, the window
  set with the counter (SET NX EX), a group as a hash (HINCRBY). That Redis must not evict
  these keys (docs/deploy.md; manage.py check --deploy warns when it may).
- DatabaseTally (otherwise): one row per counter in the table of mkbroute.models.Counter, added
  to with INSERT ... ON CONFLICT DO UPDATE in one transaction, so an add is atomic across
  processes on SQLite (an IMMEDIATE write) and PostgreSQL (a row lock).
- MemoryTally: this process alone; what RedisTally falls back to while Redis is down, and what
  the tests use unless they ask for another.

A counter lives its window from its first add; an add after its window starts it again from
zero.
add() returns the new values, so a limit is one atomic step: count first, then refuse what went
over. Checking first and counting after lets parallel requests all pass the check.
"""

import datetime
import logging
import threading
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils.module_loading import import_string

logger = logging.getLogger("mkbroute.lib.tally")

RETRY_AFTER = 5  # seconds without Redis after a failure, so a hung server costs one timeout
LOG_EVERY = 60  # seconds between two log lines about the same outage
CLEAN_EVERY = 300  # seconds between two deletes of expired rows, per process


class Unavailable(Exception):
    """The store cannot be reached now; nothing was written."""


class MemoryTally:
    """Counters in this process's memory, under a lock."""

    def __init__(self, params=None):
        self.lock = threading.Lock()
        self.counters = {}  # {(key, field): [value, expires]}

    def _add(self, key, field, n, seconds, now):
        counter = self.counters.get((key, field))
        if counter is None or counter[1] <= now:
            counter = self.counters[key, field] = [0, now + seconds]
        counter[0] += n
        return counter[0]

    def add(self, counters):
        now = time.time()
        with self.lock:
            return [self._add(key, "", n, seconds, now) for key, n, seconds in counters]

    def get_many(self, keys):
        now = time.time()
        with self.lock:
            found = {key: self.counters.get((key, "")) for key in keys}
        return {key: found[0] for key, found in found.items() if found and found[1] > now}

    def delete(self, keys):
        with self.lock:
            for key in keys:
                self.counters.pop((key, ""), None)

    def add_to_groups(self, groups, seconds):
        now = time.time()
        with self.lock:
            for group, amounts in groups.items():
                for field, n in amounts.items():
                    self._add(group, field, n, seconds, now)

    def read_groups(self, groups):
        now = time.time()
        wanted = set(groups)
        found = {group: {} for group in groups}
        with self.lock:
            for (key, field), (value, expires) in self.counters.items():
                if field and key in wanted and expires > now:
                    found[key][field] = value
        return found

    def clear(self):
        with self.lock:
            self.counters.clear()

    def answers(self):
        return True


class DatabaseTally:
    """Counters as rows of a table (LOCATION; mkbroute.models.Counter makes it), written with
    SQL of their own, as Django's database cache does with its table: the ORM cannot add to a
    row that may not exist yet in one statement (INSERT ... ON CONFLICT DO UPDATE)."""

    BATCH = 500  # rows per statement: SQLite takes at most 32,766 parameters

    UPSERT = (
        "INSERT INTO {table} ({key}, {field}, {value}, {expires}) VALUES {rows} "
        "ON CONFLICT ({key}, {field}) DO UPDATE SET "
        "{value} = CASE WHEN {table}.{expires} <= %s THEN excluded.{value} "
        "ELSE {table}.{value} + excluded.{value} END, "
        "{expires} = CASE WHEN {table}.{expires} <= %s THEN excluded.{expires} "
        "ELSE {table}.{expires} END"
    )

    def __init__(self, params):
        self.table = params.get("LOCATION", "mkbroute_counter")
        self.cleaned_at = 0.0

    def _execute(self, sql, params=(), **parts):
        """Run sql with the table's and columns' names quoted for this database; its rows."""
        connection = connections[DEFAULT_DB_ALIAS]
        quote = connection.ops.quote_name
        names = {name: quote(name) for name in ("key", "field", "value", "expires")}
        with connection.cursor() as cursor:
            cursor.execute(sql.format(table=quote(self.table), **names, **parts), params)
            return cursor.fetchall() if cursor.description else []

    def _moment(self, seconds):
        at = datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC)
        at = at if settings.USE_TZ else at.replace(tzinfo=None)
        return connections[DEFAULT_DB_ALIAS].ops.adapt_datetimefield_value(at)

    def _upsert(self, rows, now):
        """Add each (key, field, n, seconds) to its row; a row past its window starts again.
        Atomic on both databases: SQLite lets one transaction write at a time, PostgreSQL
        locks each row until the caller's transaction ends; in the same order in every
        process, so that two flushes of the same rows cannot wait for each other."""
        rows = sorted(rows)
        for start in range(0, len(rows), self.BATCH):
            batch = rows[start : start + self.BATCH]
            params = [
                item
                for key, field, n, seconds in batch
                for item in (key, field, n, self._moment(now + seconds))
            ]
            rows_sql = ", ".join(["(%s, %s, %s, %s)"] * len(batch))
            self._execute(self.UPSERT, [*params, *[self._moment(now)] * 2], rows=rows_sql)

    def _select(self, keys, fields, now):
        """(key, field, value) of the live rows of these keys: counters of their own
        (fields "=") or fields of groups (fields "<>")."""
        where = "{field} " + fields + " '' AND {key} IN ({keys}) AND {expires} > %s"
        return self._execute(
            "SELECT {key}, {field}, {value} FROM {table} WHERE " + where,
            [*keys, self._moment(now)],
            keys=", ".join(["%s"] * len(keys)),
        )

    def _clean(self, now):
        """Delete rows past their window, at most once every CLEAN_EVERY seconds per process
        and outside an add's transaction (which would wait for rows others hold): nobody reads
        them, and the table stays as small as what is counted now."""
        if now - self.cleaned_at >= CLEAN_EVERY:
            self.cleaned_at = now
            self._execute("DELETE FROM {table} WHERE {expires} <= %s", [self._moment(now)])

    def add(self, counters):
        summed = {}  # a key twice in one statement is refused: once, with both amounts
        for key, n, seconds in counters:
            summed[key] = (summed.get(key, (0,))[0] + n, seconds)
        if not summed:
            return []
        now = time.time()
        # The add and the read of its result in one transaction: no other add between them.
        with transaction.atomic(using=DEFAULT_DB_ALIAS):
            self._upsert([(key, "", n, seconds) for key, (n, seconds) in summed.items()], now)
            values = {key: value for key, _field, value in self._select(list(summed), "=", now)}
        self._clean(now)
        return [values[key] for key, _n, _seconds in counters]

    def get_many(self, keys):
        rows = self._select(keys, "=", time.time()) if keys else []
        return {key: value for key, _field, value in rows}

    def delete(self, keys):
        if keys:
            where = "{field} = '' AND {key} IN ({keys})"
            keys_sql = ", ".join(["%s"] * len(keys))
            self._execute("DELETE FROM {table} WHERE " + where, keys, keys=keys_sql)

    def add_to_groups(self, groups, seconds):
        rows = [
            (group, field, n, seconds)
            for group, amounts in groups.items()
            for field, n in amounts.items()
        ]
        if rows:
            now = time.time()
            with transaction.atomic(using=DEFAULT_DB_ALIAS):
                self._upsert(rows, now)
            self._clean(now)

    def read_groups(self, groups):
        found = {group: {} for group in groups}
        for group, field, value in self._select(groups, "<>", time.time()) if groups else []:
            found[group][field] = value
        return found

    def clear(self):
        self._execute("DELETE FROM {table}")

    def answers(self):
        self.get_many(["healthz"])  # the table is there and can be read
        return True


class RedisTally:
    """Counters as Redis keys, a group as a hash, under KEY_PREFIX ("tally" unless set).

    While Redis cannot be reached, the limits go on in this process's memory (they still hold,
    per process); groups cannot be written or read (Unavailable), so the funnel's counts wait
    in the process that counted them.
    """

    def __init__(self, params):
        import redis

        self.errors = redis.RedisError
        self.client = redis.Redis.from_url(
            params["LOCATION"], socket_connect_timeout=0.5, socket_timeout=0.5
        )
        self.prefix = params.get("KEY_PREFIX", "tally")
        self.fallback = MemoryTally()
        self.down_until = 0.0
        self.logged_at = -LOG_EVERY

    def _key(self, key):
        return f"{self.prefix}:c:{key}"

    def _group(self, group):
        return f"{self.prefix}:g:{group}"  # a hash: not the key of a counter of that name

    def _run(self, commands, transaction=False):
        """The results of the commands that commands(pipeline) queued, in one round trip (as
        one MULTI/EXEC transaction if asked). Unavailable while Redis is known to be down (for
        RETRY_AFTER seconds after a failure, so that a hung server costs one timeout); a
        RedisError when it failed underway."""
        if time.monotonic() < self.down_until:
            raise Unavailable("Redis")
        try:
            pipeline = self.client.pipeline(transaction=transaction)
            commands(pipeline)
            return pipeline.execute()
        except self.errors as error:
            now = time.monotonic()
            self.down_until = now + RETRY_AFTER
            if now - self.logged_at >= LOG_EVERY:
                self.logged_at = now
                logger.error("counters unavailable, limits in memory: %s", type(error).__name__)
            raise

    def add(self, counters):
        # Made with its window if missing, then added to, in one transaction: a key cannot
        # expire in between and come back without a window. Should one ever lack it all the
        # same (TTL -1), this add gives it back: a counter without one would block forever.
        def commands(pipeline):
            for key, n, seconds in counters:
                pipeline.set(self._key(key), 0, ex=seconds, nx=True)
                pipeline.incrby(self._key(key), n)
                pipeline.ttl(self._key(key))

        def windows(pipeline):
            for key, _n, seconds in lost:
                pipeline.expire(self._key(key), seconds)

        try:
            results = self._run(commands, transaction=True)
            lost = [c for c, ttl in zip(counters, results[2::3], strict=True) if ttl == -1]
            if lost:
                self._run(windows)
            return results[1::3]
        except (Unavailable, self.errors):
            return self.fallback.add(counters)

    def get_many(self, keys):
        if not keys:
            return {}
        try:
            [values] = self._run(lambda pipeline: pipeline.mget(list(map(self._key, keys))))
        except (Unavailable, self.errors):
            return self.fallback.get_many(keys)
        return {key: int(value) for key, value in zip(keys, values, strict=True) if value}

    def delete(self, keys):
        if not keys:
            return
        try:
            self._run(lambda pipeline: pipeline.delete(*map(self._key, keys)))
        except (Unavailable, self.errors):
            self.fallback.delete(keys)

    def add_to_groups(self, groups, seconds):
        def commands(pipeline):
            for group, amounts in groups.items():
                for field, n in amounts.items():
                    pipeline.hincrby(self._group(group), field, n)
                pipeline.expire(self._group(group), seconds)

        if groups:
            self._run(commands)

    def read_groups(self, groups):
        def commands(pipeline):
            for group in groups:
                pipeline.hgetall(self._group(group))

        try:
            values = self._run(commands)
        except self.errors as error:
            raise Unavailable("Redis") from error
        return {
            group: {field.decode(): int(n) for field, n in fields.items()}
            for group, fields in zip(groups, values, strict=True)
        }

    def clear(self):
        self.fallback.clear()
        try:
            for key in self.client.scan_iter(f"{self.prefix}:*", count=1000):
                self.client.delete(key)
        except self.errors:
            pass  # nothing to clear in a Redis that is not there

    def answers(self):
        """Redis itself, not the fallback: limits per process are a state to report."""
        return self.client.ping()

    def eviction(self):
        """Redis's maxmemory-policy, from INFO (managed Redis services often refuse CONFIG)."""
        return self.client.info("memory").get("maxmemory_policy")


_lock = threading.Lock()
_made = (None, None)  # (the settings it was made for, the store)


def store():
    """The store settings.TALLY names, made once (and again when a test changes the setting)."""
    global _made
    config = settings.TALLY
    made_for, made = _made
    if made_for != config:
        with _lock:
            made_for, made = _made
            if made_for != config:
                made = import_string(config["BACKEND"])(config)
                _made = (dict(config), made)
    return made


def add(counters):
    """Add n to each counter, given as (key, n, window seconds): the new values, in order, in
    one step. A counter that is new (or past its window) starts at zero, for window seconds."""
    return store().add(counters)


def get_many(keys):
    """{key: value} of the counters that exist and are within their window."""
    return store().get_many(list(keys))


def delete(keys):
    store().delete(list(keys))


def add_to_groups(groups, seconds):
    """Add {group: {field: n}} to fields of groups, each kept at least seconds after its first
    add. Unavailable, having written nothing, while the store is known to be down."""
    store().add_to_groups(groups, seconds)


def answers():
    """Whether the store can be reached (for /healthz); it may raise when it cannot."""
    return store().answers()


def eviction():
    """The policy by which the store drops counters when its memory is full, if it has one
    other than never ("noeviction"); None for the database and for memory."""
    policy = getattr(store(), "eviction", lambda: None)()
    return None if policy == "noeviction" else policy


def read_groups(groups):
    """{group: {field: value}} for the groups asked; Unavailable when it cannot be read."""
    return store().read_groups(list(groups))
