"""Version numbers for editable content: every save changes one, so caches go stale (but for
rows that say they show nowhere public: see content_changed).

Two versions, because the employers' own links keep their werkplekken true and change them
many times a day: the catalogue's (programmes, personas: what every public page may show),
and that of the places (employers and their werkplekken). The apps below employers cannot
import it (the layers contract in pyproject.toml), so their pages and parts follow the
catalogue alone, and stay cached while the places change; anything that may show a place
follows both (content_version(), its default).

Also changed when something else alters what pages show, such as a sign-up taking an event's
last seat: the app that knows calls new_content_version().
"""

import contextvars
import functools
import logging
import threading
import time
import uuid

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction

logger = logging.getLogger(__name__)

VERSION_KEY = "content-version"  # the catalogue's
PLACES_KEY = "content-version:places"
# The version an edit in each app changes.
CONTENT_APPS = {"programmes": VERSION_KEY, "personas": VERSION_KEY, "employers": PLACES_KEY}
# Models with a version of their own as well, for the parts of pages made from some of them
# alone (kept_per_version's `models`): the tones, the event cards, the start months, a page's
# blank lead form, the tuition in force. An edit of anything else (a programme, a benefit, a
# story) leaves those parts kept; an edit of these still makes a new catalogue version too.
OWN_VERSIONS = (
    "personas.persona",
    "personas.targetgroup",
    "personas.tone",
    "personas.toneword",
    "programmes.event",
    "programmes.event_programmes",
    "programmes.intake",
    "programmes.tuition",
)
# What a part kept by its models read: the models of the content it queried, and of the
# parts it took as they were kept (or CATALOGUE, PLACES for a part kept by those versions).
_reading = contextvars.ContextVar("content_read", default=None)
CATALOGUE, PLACES = "the catalogue", "the places"


def own_key(label):
    return f"content-version:{label}"


# Read once per request: a page asks for them several times (tone, persona, page cache).
_current = contextvars.ContextVar("content_version", default=None)


def content_version(places=True):
    """The version of the content: with the places unless places=False, for what the apps
    below employers make (they cannot show a place)."""
    versions = _this_request()
    return f"{versions[VERSION_KEY]}-{versions[PLACES_KEY]}" if places else versions[VERSION_KEY]


def model_versions(labels):
    """The versions of these models (OWN_VERSIONS) as one value."""
    versions = _this_request()
    return "-".join(versions[own_key(label)] for label in labels)


def _this_request():
    versions = _current.get()
    if versions is None:
        versions = _read_versions()
        _current.set(versions)
    return versions


# Changed after the versions by every new_content_version(): while it is the one this process
# saw last, so are the versions, and a request reads this one key instead of all of them.
STAMP_KEY = "content-version:stamp"
_seen = [(None, None)]  # [(stamp, versions)], replaced whole: threads read it without a lock


def _read_versions():
    stamp = cache.get(STAMP_KEY)  # before the versions: a new stamp comes after new versions
    seen_stamp, seen = _seen[0]
    if stamp is not None and stamp == seen_stamp:
        return seen
    versions = _read_all_versions()
    if stamp is None:
        cache.add(STAMP_KEY, uuid.uuid4().hex, timeout=None)  # the next request can rely on it
    else:
        _seen[0] = (stamp, versions)
    return versions


def _read_all_versions():
    keys = [VERSION_KEY, PLACES_KEY, *map(own_key, OWN_VERSIONS)]
    versions = cache.get_many(keys)
    if len(versions) < len(keys):
        for key in keys:  # add(): a process that sets one first wins, the others read it
            if key not in versions:
                cache.add(key, uuid.uuid4().hex, timeout=None)
        versions = cache.get_many(keys)
    # Still missing where the cache drops what it is given (no cache at all): a new version
    # each time, so that nothing is kept by mistake.
    return {key: versions.get(key) or uuid.uuid4().hex for key in keys}


def forget_version(**_signal_arguments):
    """Read the versions afresh at their next use: at the start of each request, and of each
    task the worker runs (one long process, which would otherwise keep the first it read)."""
    _current.set(None)


def new_content_version(places=False, models=()):
    """Make every cached page stale at once; with places=True only what may show a place.
    models: those of OWN_VERSIONS whose rows changed too (a sign-up that fills an event)."""
    keys = [PLACES_KEY if places else VERSION_KEY, *map(own_key, models), STAMP_KEY]
    # In this order, the stamp last (Redis sets them at once; a table one after another).
    cache.set_many({key: uuid.uuid4().hex for key in keys}, timeout=None)
    forget_version()  # all read again: another one may have changed as well


def content_changed(sender, instance=None, **kwargs):
    """A saved programme, event, persona, tone, ... makes every cached page stale at once; a
    saved employer or werkplek only what may show one.

    A model whose rows are not all public says which are: changes_public_pages() False (a
    registration not yet screened, a reply) leaves the cache as it is, so that anonymous
    writes cannot empty it. For a many-to-many change, instance is the row that changed.
    """
    key = CONTENT_APPS.get(sender._meta.app_label)
    if key is None:
        return
    says = getattr(instance, "changes_public_pages", None)
    if says is None or says():
        label = sender._meta.label_lower
        change = functools.partial(
            new_content_version, places=key == PLACES_KEY, models=[label] * (label in OWN_VERSIONS)
        )
        change()
        # Again once the edit is stored: a page made meanwhile, under the new version, may
        # have read the rows as they were before.
        transaction.on_commit(change)


# What this process made from the current content versions (kept_per_version): per kind of
# version (with places or not, or of some models), the version it was made for and the
# values by key.
_kept = {}
_kept_lock = threading.Lock()
KEPT_PER_VERSION = 200


def keeping():
    """Whether kept_per_version keeps anything: only where pages are cached too."""
    return bool(settings.PAGE_CACHE_SECONDS)


# How long what every request needs is kept where no page is cached (as in development).
ALWAYS_KEPT_SECONDS = 3600


def kept_per_version(key, make, always=False, places=False, models=()):
    """make() as made before in this process for the same key and content version.

    For parts of pages that depend on editable content only, and take long to make on every
    page rendered anew: an edit makes a new version, so nothing made before it is used after.
    Like a cached page, nothing is older than settings.PAGE_CACHE_SECONDS (without a page
    cache, as in development, nothing is kept), in case rows changed without a signal. Only
    so many are kept (keys may come from links), the oldest going first.

    Kept by the catalogue's version, for the apps below employers; what may show a place (an
    employer, a werkplek) must say places=True. A part made from some of OWN_VERSIONS alone
    names them in `models` and is kept by their versions: make() may query no other content
    and take no part kept by other versions, and what does is not kept (and logged). Rows
    make() gets from outside (a page's persona) are its caller's to name. What nearly every
    request and task needs (the tones) is kept `always`, with or without a page cache, for at
    most ALWAYS_KEPT_SECONDS.
    """
    reading = _reading.get()
    if reading is not None:  # inside a part kept by its models: that part reads this one's
        reading.update(models or [PLACES if places else CATALOGUE])
    seconds = settings.PAGE_CACHE_SECONDS
    if always:
        seconds = seconds or ALWAYS_KEPT_SECONDS
    elif not keeping():
        return make()
    kind = tuple(models) or places
    version = model_versions(models) if models else content_version(places)
    now = time.monotonic()
    with _kept_lock:  # a gunicorn worker's threads share what it keeps
        kept = _kept.setdefault(kind, {"version": None, "values": {}})
        if kept["version"] != version:
            kept["version"], kept["values"] = version, {}
        values = kept["values"]
        made_at, value = values.get(key, (None, None))
    if made_at is not None and now - made_at < seconds:
        return value
    if models:
        value, others = _made_from(make, models)
        if others:
            logger.error("%s is kept by %s but read %s: not kept", key, models, sorted(others))
            return value
    else:
        value = make()  # outside the lock: two threads may both make it, the last one is kept
    with _kept_lock:
        values.pop(key, None)
        if len(values) >= KEPT_PER_VERSION:
            del values[next(iter(values))]
        values[key] = (now, value)
    return value


def _made_from(make, models):
    """make()'s value, and the content it read besides `models`: models whose tables it
    queried, and what the parts it took were kept by."""
    tables = _content_tables()
    read = set()

    def record(execute, sql, params, many, context):
        read.update(label for table, label in tables.items() if table in sql)
        return execute(sql, params, many, context)

    token = _reading.set(read)
    try:
        with connection.execute_wrapper(record):
            value = make()
    finally:
        _reading.reset(token)
    return value, read - set(models)


@functools.cache
def _content_tables():
    """{'"db_table"': model label} of every model of the content apps, their many-to-many
    tables included."""
    return {
        f'"{model._meta.db_table}"': model._meta.label_lower
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in CONTENT_APPS
    }


class ContentVersionMiddleware:
    """Each request starts without a remembered version, so it sees the latest edit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        forget_version()
        return self.get_response(request)
