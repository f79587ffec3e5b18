"""A page cache for anonymous visitors: one entry per page and tone, emptied on every edit."""

import copy
import functools
import hashlib
import re

from django.conf import settings
from django.core.cache import cache
from django.middleware.csrf import get_token

from leads.spam import new_token
from personas.tone import PREVIEW_PARAMETER

from .content import content_version

# Form fields that must differ per visitor. A cached page keeps a hole where their value was,
# and each visitor gets a fresh value: their own CSRF token, a new one-time form token.
PER_VISITOR_FIELD = re.compile(r'(name="(csrfmiddlewaretoken|token)" value=")[^"]*(")')
CSRF_HOLE, TOKEN_HOLE = "{{hole:csrfmiddlewaretoken}}", "{{hole:token}}"


def punch_holes(response):
    content = response.content.decode()
    response.content = PER_VISITOR_FIELD.sub(r"\1{{hole:\2}}\3", content).encode()
    return response


def fill_holes(request, response):
    content = response.content.decode()
    if CSRF_HOLE in content:
        content = content.replace(CSRF_HOLE, get_token(request))
        response.content = content.replace(TOKEN_HOLE, new_token()).encode()
    return response


def page_key(request):
    url = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"page:{content_version()}:{request.tone.slug}:{url}"


def cacheable_request(request):
    return (
        request.method == "GET"
        and PREVIEW_PARAMETER not in request.GET
        and not request.user.is_authenticated
    )


def cacheable_response(request, response, key_tone):
    # A page that set a cookie, or whose view switched the tone while rendering, is this
    # visitor's own. CSRF and form tokens are not: they become holes each visitor fills.
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and request.tone.slug == key_tone
        and "private" not in cache_control
        and "no-store" not in cache_control
    )


def cache_per_tone(view):
    """Serve an anonymous visitor the page as rendered before for the same URL and tone."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not settings.PAGE_CACHE_SECONDS or not cacheable_request(request):
            return view(request, *args, **kwargs)
        key, key_tone = page_key(request), request.tone.slug
        cached = cache.get(key)
        if cached is not None:
            return fill_holes(request, cached)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if cacheable_response(request, response, key_tone):
            cache.set(key, punch_holes(copy.copy(response)), settings.PAGE_CACHE_SECONDS)
        return response

    return wrapper
