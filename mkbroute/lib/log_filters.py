"""Logging filters: keep the log to one line for what is the client's fault, not ours."""

import logging


class WithoutTraceback(logging.Filter):
    """A wrong Host header is a client's mistake: one line says enough, a traceback floods."""

    def filter(self, record):
        record.exc_info = None
        record.exc_text = None
        return True
