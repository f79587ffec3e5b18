"""Logging filters: keep the log to one line for what is the client's fault, not ours, and
keep the keys in our mails' links out of it."""

import logging
import re

# What Django's signing makes (payload:timestamp:signature, the signature an HMAC-SHA256 in
# 43 base64 characters), and the query parameter that carries a personal link's token.
SIGNED = re.compile(r"\.?[\w-]+:[0-9A-Za-z]+:[\w-]{43}")
LINK_TOKEN = re.compile(r"([?&]t=)[^&\s]+")
MASK = "[token]"


class WithoutTraceback(logging.Filter):
    """A wrong Host header is a client's mistake: one line says enough, a traceback floods."""

    def filter(self, record):
        record.exc_info = None
        record.exc_text = None
        return True


def without_tokens(text):
    return LINK_TOKEN.sub(rf"\1{MASK}", SIGNED.sub(MASK, text))


class WithoutTokens(logging.Filter):
    """A link in our mails holds a signed token (an alert's confirm or unsubscribe link, a
    consent's, a personal link): Django names the path of a refused request (405, 404, a
    CSRF failure) in its warning, and whoever reads the log must not be able to use it."""

    def filter(self, record):
        message = record.getMessage()
        masked = without_tokens(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True
