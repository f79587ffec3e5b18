"""Who is a visitor to count: not a known bot, and not a browser that asks not to be tracked."""

import re

# Crawlers, link previews, monitors and scripts name themselves in their user agent; a
# request without one is a script too.
BOTS = re.compile(
    r"bot|crawl|spider|slurp|archiver|preview|facebookexternalhit|whatsapp|headless|"
    r"lighthouse|pingdom|uptime|monitor|curl|wget|python-|go-http|java/|okhttp|scrapy",
    re.IGNORECASE,
)


def is_bot(request):
    return bool(BOTS.search(request.META.get("HTTP_USER_AGENT") or "bot"))


def asks_not_to_be_tracked(request):
    return request.META.get("HTTP_DNT") == "1"


def countable(request):
    """A person in a browser who has not asked (DNT: 1) to be left out."""
    return not asks_not_to_be_tracked(request) and not is_bot(request)
