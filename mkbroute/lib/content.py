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
import threading
import time
import uuid

from django.conf import settings
from django.core.cache import cache

VERSION_KEY = "content-version"  # the catalogue's
PLACES_KEY = "content-version:places"
# The version an edit in each app changes.
CONTENT_APPS = {"programmes": VERSION_KEY, "personas": VERSION_KEY, "employers": PLACES_KEY}

# Read once per request: a page asks for them several times (tone, persona, page cache).
_current = contextvars.ContextVar("content_version", default=None)


def content_version(places=True):
    """The version of the content: with the places unless places=False, for what the apps
    below employers make (they cannot show a place)."""
    versions = _current.get()
    if versions is None:
        versions = _read_versions()
        _current.set(versions)
    return f"{versions[VERSION_KEY]}-{versions[PLACES_KEY]}" if places else versions[VERSION_KEY]


def _read_versions():
    keys = [VERSION_KEY, PLACES_KEY]
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


def new_content_version(places=False):
    """Make every cached page stale at once; with places=True only what may show a place."""
    cache.set(PLACES_KEY if places else VERSION_KEY, uuid.uuid4().hex, timeout=None)
    forget_version()  # both read again: the other one may have changed as well


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
        new_content_version(places=key == PLACES_KEY)


# What this process made from the current content versions (kept_per_version): for what
# shows places and for what does not, the version it was made for and the values by key.
_kept = {places: {"version": None, "values": {}} for places in (True, False)}
_kept_lock = threading.Lock()
KEPT_PER_VERSION = 200


def keeping():
    """Whether kept_per_version keeps anything: only where pages are cached too."""
    return bool(settings.PAGE_CACHE_SECONDS)


# How long what every request needs is kept where no page is cached (as in development).
ALWAYS_KEPT_SECONDS = 3600


def kept_per_version(key, make, always=False, places=False):
    """make() as made before in this process for the same key and content version.

    For parts of pages that depend on editable content only, and take long to make on every
    page rendered anew: an edit makes a new version, so nothing made before it is used after.
    Like a cached page, nothing is older than settings.PAGE_CACHE_SECONDS (without a page
    cache, as in development, nothing is kept), in case rows changed without a signal. Only
    so many are kept (keys may come from links), the oldest going first.

    Kept by the catalogue's version, for the apps below employers; what may show a place (an
    employer, a werkplek) must say places=True. What nearly every request and task needs (the
    tones) is kept `always`, with or without a page cache, for at most ALWAYS_KEPT_SECONDS.
    """
    seconds = settings.PAGE_CACHE_SECONDS
    if always:
        seconds = seconds or ALWAYS_KEPT_SECONDS
    elif not keeping():
        return make()
    version, now = content_version(places), time.monotonic()
    with _kept_lock:  # a gunicorn worker's threads share what it keeps
        kept = _kept[places]
        if kept["version"] != version:
            kept["version"], kept["values"] = version, {}
        values = kept["values"]
        made_at, value = values.get(key, (None, None))
    if made_at is not None and now - made_at < seconds:
        return value
    value = make()  # outside the lock: two threads may both make it, the last one is kept
    with _kept_lock:
        values.pop(key, None)
        if len(values) >= KEPT_PER_VERSION:
            del values[next(iter(values))]
        values[key] = (now, value)
    return value


class ContentVersionMiddleware:
    """Each request starts without a remembered version, so it sees the latest edit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        forget_version()
        return self.get_response(request)
