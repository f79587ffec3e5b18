"""One version number for all editable content: every save changes it, so caches go stale
(but for rows that say they show nowhere public: see content_changed).

Also changed when something else alters what pages show, such as a sign-up taking an event's
last seat: the app that knows calls new_content_version().
"""

import contextvars
import threading
import time
import uuid

from django.conf import settings
from django.core.cache import cache

VERSION_KEY = "content-version"
CONTENT_APPS = {"programmes", "personas", "employers"}

# Read once per request: a page asks for it several times (tone, persona, page cache).
_current = contextvars.ContextVar("content_version", default=None)


def content_version():
    version = _current.get()
    if version is None:
        version = cache.get_or_set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        _current.set(version)
    return version


def forget_version(**_signal_arguments):
    """Read the version afresh at its next use: at the start of each request, and of each
    task the worker runs (one long process, which would otherwise keep the first it read)."""
    _current.set(None)


def new_content_version():
    """Make every cached page stale at once."""
    version = uuid.uuid4().hex
    cache.set(VERSION_KEY, version, timeout=None)
    _current.set(version)


def content_changed(sender, instance=None, **kwargs):
    """Any saved programme, event, persona, tone, ... makes every cached page stale at once.

    A model whose rows are not all public says which are: changes_public_pages() False (a
    registration not yet screened, a reply) leaves the cache as it is, so that anonymous
    writes cannot empty it. For a many-to-many change, instance is the row that changed.
    """
    if sender._meta.app_label not in CONTENT_APPS:
        return
    says = getattr(instance, "changes_public_pages", None)
    if says is None or says():
        new_content_version()


# What this process made from the current content version (kept_per_version): the version it
# was made for, and the values by key.
_kept = {"version": None, "values": {}}
_kept_lock = threading.Lock()
KEPT_PER_VERSION = 200


def keeping():
    """Whether kept_per_version keeps anything: only where pages are cached too."""
    return bool(settings.PAGE_CACHE_SECONDS)


# How long what every request needs is kept where no page is cached (as in development).
ALWAYS_KEPT_SECONDS = 3600


def kept_per_version(key, make, always=False):
    """make() as made before in this process for the same key and content version.

    For parts of pages that depend on editable content only, and take long to make on every
    page rendered anew: an edit makes a new version, so nothing made before it is used after.
    Like a cached page, nothing is older than settings.PAGE_CACHE_SECONDS (without a page
    cache, as in development, nothing is kept), in case rows changed without a signal. Only
    so many are kept (keys may come from links), the oldest going first.

    What nearly every request and task needs (the tones) is kept `always`, with or without a
    page cache, for at most ALWAYS_KEPT_SECONDS.
    """
    seconds = settings.PAGE_CACHE_SECONDS
    if always:
        seconds = seconds or ALWAYS_KEPT_SECONDS
    elif not keeping():
        return make()
    version, now = content_version(), time.monotonic()
    with _kept_lock:  # a gunicorn worker's threads share what it keeps
        if _kept["version"] != version:
            _kept["version"], _kept["values"] = version, {}
        values = _kept["values"]
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
