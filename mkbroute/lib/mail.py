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
    with Sender() as sender:
        return sender.deliver(message, claim)


class Sender:
    """Sends messages one after another over one connection to the mail server, each as
    deliver() does: a batch of mails pays for one connection (TCP, greeting, TLS, login)
    instead of one each. Use it as a context manager; the connection closes at its end.

    A kept connection is asked whether the server still answers (NOOP) before the next
    message is claimed: a server that closed it meanwhile must not make a message that never
    left look as if it may have (UNKNOWN). After anything but SENT the next message starts on
    a new connection.

    Once the server could not be reached, or went quiet inside a transaction, the messages
    after it are not tried over this Sender: each comes back RETRY at once with that reason.
    A server that hangs would otherwise cost every message of a batch its timeouts, and keep a
    worker that was told to stop waiting for minutes.
    """

    def __init__(self):
        self.connection = None
        self.down = None  # why the server is taken to be away, once it is

    def __enter__(self):
        return self

    def __exit__(self, *_exception):
        self.close()

    def deliver(self, message, claim=lambda: True):
        try:
            written = message.message()  # before anything is sent: a fault is no hiccup
        except ValueError as error:  # BadHeaderError, an address that cannot be encoded
            return FAULT, type(error).__name__
        message.message = lambda: written  # the backend would write it all over again
        if self.down:
            return RETRY, self.down
        try:
            self.open(message)
        except (OSError, smtplib.SMTPException) as error:
            self.down = type(error).__name__
            return RETRY, self.down
        if not claim():
            return TAKEN, ""
        outcome, error = transact(self.connection, message)
        if outcome == UNKNOWN:
            self.down = error
        if outcome != SENT:
            self.close()
        return outcome, error

    def open(self, message):
        """The kept connection if its server still answers, else a new one."""
        if self.connection is not None and not answers(self.connection):
            self.close()
        if self.connection is None:
            connection = message.get_connection()
            connection.open()
            self.connection = connection

    def close(self):
        # QUIT comes after the answer that counts: a server that fails it changes nothing.
        if self.connection is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self.connection.close()
            self.connection = None


def answers(connection):
    """Whether the server of an open connection still answers; a backend that talks to no
    server (the console, tests' locmem) always does."""
    server = getattr(connection, "connection", None)  # smtplib.SMTP in Django's SMTP backend
    if server is None:
        return True
    try:
        return server.noop()[0] == 250
    except (OSError, smtplib.SMTPException):
        return False


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
