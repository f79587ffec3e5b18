"""Where a visitor came from: the first touch of the visit and the last touch before a submit."""

from django.conf import settings
from django.core import signing

from mkbroute.lib.urls import split_sent

UTM = ("utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term")
COOKIE, SALT = "herkomst", "leads.attribution"
# Room for a campaign link's path in a cookie, beside ten tags of 100 characters.
LANDING_LENGTH = 500
SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/", "/healthz", "/robots.txt", "/sitemap.xml")


def campaign(request):
    return {key: request.GET.get(key, "")[:100] for key in UTM if request.GET.get(key)}


def referrer_host(request):
    host = (split_sent(request.META.get("HTTP_REFERER", "")).hostname or "")[:255]
    return "" if host == request.get_host().split(":")[0] else host


class AttributionMiddleware:
    """Remembers the first touch of a visit, and the latest campaign, in a signed cookie.

    Only visits that arrive through a campaign link or from another site get the cookie: a
    direct visit has nothing to attribute. The cookie holds where the visit landed and its
    campaign tags, nothing about the person, and the server keeps nothing: a flood of bots
    from campaign links writes no row (a session would write one per bot).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.attribution = read(request)
        changed = False
        if request.method == "GET" and not request.path.startswith(SKIPPED_PREFIXES):
            changed = remember(request)
        response = self.get_response(request)
        if changed:
            response.set_cookie(
                COOKIE,
                signing.dumps(request.attribution, salt=SALT, compress=True),
                max_age=settings.SESSION_COOKIE_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response


def read(request):
    """The visit's attribution from its cookie; {} without one, or with one we did not sign."""
    try:
        stored = signing.loads(request.COOKIES.get(COOKIE, ""), salt=SALT)
    except signing.BadSignature:
        return {}
    return stored if isinstance(stored, dict) else {}


def remember(request):
    """Note a visit's first touch, or a newer campaign; whether anything changed."""
    utm = campaign(request)
    host = referrer_host(request)
    stored = request.attribution
    if not stored and (utm or host):
        request.attribution = {
            "landing_path": request.get_full_path()[:LANDING_LENGTH],
            "referrer_host": host,
            "first": utm,
            "last": utm,
        }
        return True
    if stored and utm and utm != stored.get("last"):
        stored["last"] = utm
        return True
    return False


def for_submission(request):
    """The attribution fields of a Submission made by this request."""
    stored = getattr(request, "attribution", None) or {}
    first, last = stored.get("first", {}), stored.get("last", {})
    fields = {
        "landing_path": stored.get("landing_path", ""),
        "referrer_host": stored.get("referrer_host", "") or referrer_host(request),
    }
    for key in UTM:
        fields[f"first_{key}"] = first.get(key, "")
        fields[key] = last.get(key, "")
    return fields
