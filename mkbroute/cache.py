"""A page cache for anonymous visitors: one entry per page and tone, emptied on every edit."""

import functools
import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache

from personas.tone import PREVIEW_PARAMETER

VERSION_KEY = "page-cache-version"
CONTENT_APPS = {"programmes", "personas"}


def content_version():
    return cache.get_or_set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def content_changed(sender, **kwargs):
    """Any saved programme, event, persona, tone, ... makes every cached page stale at once."""
    if sender._meta.app_label in CONTENT_APPS:
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def page_key(request):
    url = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"page:{content_version()}:{request.tone.slug}:{url}"


def cacheable_request(request):
    return (
        request.method == "GET"
        and PREVIEW_PARAMETER not in request.GET
        and not request.user.is_authenticated
    )


def cacheable_response(request, response):
    # A page that set a cookie, used a CSRF token or changed the tone is this visitor's own.
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not request.tone_changed
        and "private" not in cache_control
        and "no-store" not in cache_control
    )


def cache_per_tone(view):
    """Serve an anonymous visitor the page as rendered before for the same URL and tone."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not settings.PAGE_CACHE_SECONDS or not cacheable_request(request):
            return view(request, *args, **kwargs)
        key = page_key(request)
        if request.tone_changed:  # a campaign link: this visitor's first page in a new tone
            return view(request, *args, **kwargs)
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if cacheable_response(request, response):
                cache.set(key, response, settings.PAGE_CACHE_SECONDS)
        return response

    return wrapper
