"""Spam defences without a third party: a signed one-time form token, and a rate limit."""

import ipaddress
import logging
import secrets
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache

from mkbroute.lib.limits import client_ip, count_hits, parse_rate

logger = logging.getLogger("leads.spam")
SALT = "leads.form-token"
TOKEN_MAX_AGE = 24 * 3600


def new_token():
    """A token for one form: a random id (stored with the submission) and when it was shown."""
    return signing.dumps({"id": secrets.token_hex(16), "t": time.time()}, salt=SALT)


def token_for(request):
    """A new token for a cached page's lead form (settings.PAGE_CACHE_PER_VISITOR_FIELDS)."""
    return new_token()


def read_token(token):
    """The token's id and age in seconds, or None if it is missing, forged or expired."""
    try:
        data = signing.loads(token or "", salt=SALT, max_age=TOKEN_MAX_AGE)
        return str(data["id"])[:64], time.time() - float(data["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def network(ip):
    """The network an address is part of: its /24 (IPv4) or /64 (IPv6)."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    prefix = 24 if address.version == 4 else 64
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def rate_counters(request):
    """(key, limit, window) of the counters a submit from this client adds to: its address
    and its network, each limited by its own setting."""
    ip = client_ip(request)
    for rate, who in (
        (settings.LEADS_RATE_LIMIT, ip),
        (settings.LEADS_NETWORK_RATE_LIMIT, network(ip)),
    ):
        limit, window = parse_rate(rate)
        yield f"leads-rate:{who}:{int(time.time() // window)}", limit, window


def over_rate_limit(request):
    """True once the client's address or network has used up its submits for now: both
    counters read in one round trip."""
    counters = list(rate_counters(request))
    counts = cache.get_many([key for key, _limit, _window in counters])
    return any((counts.get(key) or 0) >= limit for key, limit, _window in counters)


def count_submit(request):
    """Count an accepted or spam-refused submit; a typo the visitor corrects costs nothing.
    Both counters in one round trip."""
    count_hits([(key, window) for key, _limit, window in rate_counters(request)])


def refuse(reason):
    """Log a refused submit; no personal data, only why."""
    logger.warning("lead refused: %s", reason)
