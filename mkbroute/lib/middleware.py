"""Small site-wide response headers and request clean-ups: the Content-Security-Policy, the
Permissions-Policy, Dutch error pages, query parameters without NUL bytes."""

import functools

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import QueryDict

from .errors import error_page


class ContentSecurityPolicyMiddleware:
    """The Content-Security-Policy of settings.SECURE_CSP on every response, read as Django
    6.0's middleware of this name reads it, so that one can take over.

    No page asks for a policy of its own or a nonce, so the header is built once: built for
    every response (as django-csp did) it cost a submit's three requests half a millisecond.
    Django's debug pages for 404 and 500 style themselves inline and go without it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = content_security_policy()
        if policy and not (settings.DEBUG and response.status_code in (404, 500)):
            response.setdefault("Content-Security-Policy", policy)
        return response


@functools.cache
def content_security_policy():
    """The header of settings.SECURE_CSP: each directive with its list of sources, in the
    setting's order; empty (no header) for an empty setting."""
    return "; ".join(" ".join([name, *sources]) for name, sources in settings.SECURE_CSP.items())


@receiver(setting_changed)
def forget_policy(*, setting, **kwargs):
    if setting == "SECURE_CSP":
        content_security_policy.cache_clear()


class PermissionsPolicyMiddleware:
    """Turns off browser features the site never uses, such as camera and location."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class DutchErrorPagesMiddleware:
    """Gives bare error responses (such as 405 from a wrong method) a Dutch page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            page = error_page(request, 405)
            if "Allow" in response:
                page["Allow"] = response["Allow"]
            return page
        return response


class StripNullBytesMiddleware:
    """Removes NUL characters from query parameters: no page needs them, and PostgreSQL
    refuses text that holds them, which would turn a garbage link into an error page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "%00" in request.META.get("QUERY_STRING", ""):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)
