"""Where a visitor came from: the first touch of the visit and the last touch before a submit."""

from urllib.parse import urlsplit

UTM = ("utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term")
SESSION_KEY = "attribution"
SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/", "/healthz", "/robots.txt", "/sitemap.xml")


def campaign(request):
    return {key: request.GET.get(key, "")[:100] for key in UTM if request.GET.get(key)}


def referrer_host(request):
    host = (urlsplit(request.META.get("HTTP_REFERER", "")).hostname or "")[:255]
    return "" if host == request.get_host().split(":")[0] else host


class AttributionMiddleware:
    """Remembers the first touch of a visit, and the latest campaign, in the session.

    Only visits that arrive through a campaign link or from another site get a session for
    this: a direct visit has nothing to attribute, so it gets no cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "GET" and not request.path.startswith(SKIPPED_PREFIXES):
            self.remember(request)
        return self.get_response(request)

    @staticmethod
    def remember(request):
        utm = campaign(request)
        host = referrer_host(request)
        stored = request.session.get(SESSION_KEY)
        if stored is None and (utm or host):
            request.session[SESSION_KEY] = {
                "landing_path": request.get_full_path()[:500],
                "referrer_host": host,
                "first": utm,
                "last": utm,
            }
        elif stored is not None and utm and utm != stored["last"]:
            stored["last"] = utm
            request.session.modified = True


def for_submission(request):
    """The attribution fields of a Submission made by this request."""
    stored = request.session.get(SESSION_KEY) or {}
    first, last = stored.get("first", {}), stored.get("last", {})
    fields = {
        "landing_path": stored.get("landing_path", ""),
        "referrer_host": stored.get("referrer_host", "") or referrer_host(request),
    }
    for key in UTM:
        fields[f"first_{key}"] = first.get(key, "")
        fields[key] = last.get(key, "")
    return fields
