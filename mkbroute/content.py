"""One version number for all editable content: every save changes it, so caches go stale."""

import uuid

from django.core.cache import cache

VERSION_KEY = "content-version"
CONTENT_APPS = {"programmes", "personas"}


def content_version():
    return cache.get_or_set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def content_changed(sender, **kwargs):
    """Any saved programme, event, persona, tone, ... makes every cached page stale at once."""
    if sender._meta.app_label in CONTENT_APPS:
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
