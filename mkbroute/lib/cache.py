"""A page cache for anonymous visitors: one entry per page and tone, emptied on every edit."""

import copy
import functools
import hashlib
import re

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.module_loading import import_string

from .content import content_version


@functools.cache
def per_visitor_fields():
    """{name: fresh_value(request)}: form fields whose value must differ per visitor. A cached
    page keeps a hole where their value was, and each visitor gets their own: Django's CSRF
    token, and what settings.PAGE_CACHE_PER_VISITOR_FIELDS names (a one-time form token)."""
    named = settings.PAGE_CACHE_PER_VISITOR_FIELDS.items()
    return {"csrfmiddlewaretoken": get_token, **{n: import_string(p) for n, p in named}}


@functools.cache
def key_parts():
    """Functions of the request that return a part of the page's cache key: what else, besides
    the tone, makes two visitors of one address see a different page (an experiment's
    variant), as settings.PAGE_CACHE_KEY_PARTS names them."""
    return [import_string(path) for path in settings.PAGE_CACHE_KEY_PARTS]


def hole(name):
    return "{{hole:" + name + "}}"


def punch(html):
    """HTML with a hole where each per-visitor field had its value."""
    names = "|".join(re.escape(name) for name in per_visitor_fields())
    field = re.compile(rf'(name="({names})" value=")[^"]*(")')
    return field.sub(r"\1{{hole:\2}}\3", html)


def fill(request, html):
    """HTML made by punch(), with this visitor's own values in the holes."""
    for name, fresh in per_visitor_fields().items():
        marker = hole(name)
        if marker in html:
            html = html.replace(marker, fresh(request))
    return html


def punch_holes(response):
    response.content = punch(response.content.decode()).encode()
    return response


def fill_holes(request, response):
    content = response.content.decode()
    filled = fill(request, content)
    if filled is not content:
        response.content = filled.encode()
    return response


def page_key(request, query, places=True):
    """The key of this page in this tone: only the parameters in query change the page, so
    click ids and made-up parameters share the entry of the page without them."""
    varying = sorted((name, request.GET.getlist(name)) for name in query if name in request.GET)
    address = f"{request.scheme}://{request.get_host()}{request.path}?{varying}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    # The day is part of the key: intake states, deadlines and schemes switch on their dates,
    # so no page made yesterday is served today.
    day = f"{timezone.localdate():%Y%m%d}"
    parts = "".join(f":{part(request)}" for part in key_parts())
    return f"page:{content_version(places)}:{day}:{request.tone.slug}{parts}:{digest}"


def confirm_query(request):
    """Tell the page cache that this request's query holds only values the site itself makes
    (a page that exists, a filter that names something): its page may be kept under them.

    A query the view has not confirmed is answered, but not kept: otherwise every made-up
    value (?pagina=19000) would take a place in the cache, and a flood of them would push
    out what the cache must keep.
    """
    request.page_query_confirmed = True


def confirm_form_query(request, form):
    """confirm_query for a page whose query is a valid form's answers, written as the site
    writes them: whole numbers without leading zeros, signs or spaces (23, not 023)."""
    if not form.is_valid():
        return
    for name, field in form.fields.items():
        value = request.GET.get(name)
        is_number = isinstance(field, forms.IntegerField)
        if value is not None and is_number and value != str(form.cleaned_data[name]):
            return
    confirm_query(request)


def keeps(request, query):
    """Whether the answer to this request may be kept: its query names none of the view's
    parameters, or names each once with values the view confirmed."""
    keyed = [request.GET.getlist(name) for name in query if name in request.GET]
    if not keyed:
        return True
    once = all(len(values) == 1 for values in keyed)
    return once and getattr(request, "page_query_confirmed", False)


def cacheable_request(request):
    return (
        request.method == "GET"
        and not getattr(request, "page_is_private", False)
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


def cache_per_tone(view=None, *, query=(), places=True):
    """Serve an anonymous visitor the page as rendered before for the same address and tone.

    query names the GET parameters the view reads; any other parameter leaves the page as it
    is. A page asked with one of them is kept only when the view confirmed the values
    (confirm_query): the site's own links, not whatever someone types. Use as
    @cache_per_tone, or @cache_per_tone(query=("degree", ...)).

    places=False for a page that shows no employer or werkplek (the views of the apps below
    employers, which cannot read them): it stays cached while those change (content.py).
    """
    if view is None:
        return functools.partial(cache_per_tone, query=query, places=places)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not settings.PAGE_CACHE_SECONDS or not cacheable_request(request):
            return view(request, *args, **kwargs)
        key, key_tone = page_key(request, query, places), request.tone.slug
        cached = cache.get(key)
        if cached is not None:
            return fill_holes(request, cached)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if not keeps(request, query):
            return response
        if cacheable_response(request, response, key_tone):
            cache.set(key, punch_holes(copy.copy(response)), settings.PAGE_CACHE_SECONDS)
        return response

    return wrapper
