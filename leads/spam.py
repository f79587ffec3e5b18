"""Spam defences without a third party: a signed one-time form token, and a rate limit."""

import logging
import secrets
import time

from django.conf import settings
from django.core import signing

from mkbroute.limits import client_ip, count_hit, parse_rate

logger = logging.getLogger("leads.spam")
SALT = "leads.form-token"
TOKEN_MAX_AGE = 24 * 3600


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


def over_rate_limit(request):
    """Count this submit for the client's address; True once it is over the limit."""
    limit, window = parse_rate(settings.LEADS_RATE_LIMIT)
    return (
        count_hit(f"leads-rate:{client_ip(request)}:{int(time.time() // window)}", window) > limit
    )


def refuse(reason):
    """Log a refused submit; no personal data, only why."""
    logger.warning("lead refused: %s", reason)
