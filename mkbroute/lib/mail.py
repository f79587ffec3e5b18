"""Sending one mail and telling a refusal from a hiccup, without addresses in what we keep."""

import contextlib
import smtplib

SENT, REFUSED, RETRY, UNKNOWN, TAKEN = "sent", "refused", "retry", "unknown", "taken"
FAULT = "fault"


def deliver(message, claim=lambda: True):
    """Send message once and say how it went, with the reason when it did not go:

    SENT; REFUSED on a 5xx answer; RETRY when it surely did not leave (the server was down,
    silent before the transaction, or answered 4xx); UNKNOWN when the connection broke or went
    quiet inside the SMTP transaction, so the server may have accepted it; TAKEN when claim()
    said no, and nothing was sent; FAULT when the message cannot be written as a mail at all
    (a line break in a header), which trying again will not mend.

    claim() is called once the connection is open (connected, greeted, TLS, logged in) and
    before the transaction (MAIL FROM) starts: it records that the message now leaves, so a
    process killed after it knows the mail may be out, and one killed before it knows it is
    not. The reason names the error and the server's code, never an address: it goes into the
    database and the log.
    """
    try:
        message.message()  # written once before anything is sent: a fault in it is no hiccup
    except ValueError as error:  # BadHeaderError, an address that cannot be encoded
        return FAULT, type(error).__name__
    connection = message.get_connection()
    try:
        connection.open()
    except (OSError, smtplib.SMTPException) as error:
        return RETRY, type(error).__name__
    try:
        if not claim():
            return TAKEN, ""
        return transact(connection, message)
    finally:
        # QUIT comes after the answer that counts: a server that fails it changes nothing.
        with contextlib.suppress(OSError, smtplib.SMTPException):
            connection.close()


def transact(connection, message):
    try:
        connection.send_messages([message])
    except smtplib.SMTPRecipientsRefused as error:
        codes = sorted({code for code, _reply in error.recipients.values()})
        permanent = all(500 <= code < 600 for code in codes)
        return (REFUSED if permanent else RETRY), f"SMTPRecipientsRefused {codes}"
    except smtplib.SMTPResponseException as error:  # an answer: the server did not take it
        permanent = 500 <= error.smtp_code < 600
        return (REFUSED if permanent else RETRY), f"{type(error).__name__} {error.smtp_code}"
    except smtplib.SMTPNotSupportedError as error:  # found before MAIL FROM is said
        return RETRY, type(error).__name__
    except (OSError, smtplib.SMTPException) as error:
        return UNKNOWN, type(error).__name__
    return SENT, ""
