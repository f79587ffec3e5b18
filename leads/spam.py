"""Spam defences without a third party: a signed one-time form token, and a rate limit."""

import logging
import secrets
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache

logger = logging.getLogger("leads.spam")
SALT = "leads.form-token"
TOKEN_MAX_AGE = 24 * 3600
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def new_token():
    """A token for one form: a random id (stored with the submission) and when it was shown."""
    return signing.dumps({"id": secrets.token_hex(16), "t": time.time()}, salt=SALT)


def read_token(token):
    """The token's id and age in seconds, or None if it is missing, forged or expired."""
    try:
        data = signing.loads(token or "", salt=SALT, max_age=TOKEN_MAX_AGE)
        return str(data["id"])[:64], time.time() - float(data["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def parse_rate(rate):
    """'10/h' -> (10, 3600). Refuses anything else, so a typo in the env fails at start."""
    count, _, unit = rate.partition("/")
    if not count.isdigit() or unit not in UNITS or int(count) < 1:
        raise ValueError(f"LEADS_RATE_LIMIT must look like 10/h or 10000/m, not {rate!r}")
    return int(count), UNITS[unit]


def client_ip(request):
    """The visitor's address; behind our own proxy the one it saw, not what a client claims."""
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def count_hit(key, window):
    """Add one to a counter in the shared cache that lives window seconds; the new count."""
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def over_rate_limit(request):
    """Count this submit for the client's address; True once it is over the limit."""
    limit, window = parse_rate(settings.LEADS_RATE_LIMIT)
    return (
        count_hit(f"leads-rate:{client_ip(request)}:{int(time.time() // window)}", window) > limit
    )


def refuse(reason):
    """Log a refused submit; no personal data, only why."""
    logger.warning("lead refused: %s", reason)
