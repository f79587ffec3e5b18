"""Sending one mail and telling a refusal from a hiccup, without addresses in what we keep."""

import smtplib

SENT, REFUSED, RETRY = "sent", "refused", "retry"


def deliver(message):
    """Send message once: (SENT, ""), (REFUSED, why) on a 5xx answer, else (RETRY, why).

    The reason names the error and the server's code, never an address: it goes into the
    database and the log.
    """
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused as error:
        codes = sorted({code for code, _reply in error.recipients.values()})
        permanent = all(500 <= code < 600 for code in codes)
        return (REFUSED if permanent else RETRY), f"SMTPRecipientsRefused {codes}"
    except smtplib.SMTPResponseException as error:
        permanent = 500 <= error.smtp_code < 600
        return (REFUSED if permanent else RETRY), f"{type(error).__name__} {error.smtp_code}"
    except (OSError, smtplib.SMTPException) as error:
        return RETRY, type(error).__name__
    return SENT, ""
