"""Real SMTP servers on this machine that misbehave: one that never answers, one that refuses,
one that takes the message and never says whether it accepted it."""

import contextlib
import socket
import threading


@contextlib.contextmanager
def listening():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.2)
    stop = threading.Event()
    try:
        yield server, stop
    finally:
        stop.set()
        server.close()


@contextlib.contextmanager
def hung_smtp_server():
    """Accepts connections and never says a word: the worst a mail server can do."""
    with listening() as (server, stop):
        held = []

        def accept():
            while not stop.is_set():
                with contextlib.suppress(OSError):
                    held.append(server.accept()[0])

        thread = threading.Thread(target=accept, daemon=True)
        thread.start()
        yield server.getsockname()[1]
        stop.set()
        thread.join(timeout=5)
        for connection in held:
            connection.close()


@contextlib.contextmanager
def refusing_smtp_server(reply=b"550 5.1.1 Mailbox unavailable"):
    """Talks SMTP, and refuses every recipient with reply."""
    with smtp_server(rcpt_reply=reply) as (port, _received):
        yield port


@contextlib.contextmanager
def accepting_smtp_server():
    """Talks SMTP and keeps what it is sent: yields (port, list of raw messages)."""
    with smtp_server() as (port, received):
        yield port, received


@contextlib.contextmanager
def silent_after_data_smtp_server():
    """Talks SMTP, takes the whole message and then never answers: did it accept the mail?
    Yields (port, list of raw messages)."""
    with smtp_server(data_reply=None) as (port, received):
        yield port, received


@contextlib.contextmanager
def smtp_server(rcpt_reply=b"250 ok", data_reply=b"250 ok"):
    received = []
    with listening() as (server, stop):

        def talk(connection):
            with connection, connection.makefile("rb") as lines:
                connection.sendall(b"220 test ESMTP\r\n")
                for line in lines:
                    command = line[:4].upper()
                    if command == b"QUIT":
                        connection.sendall(b"221 bye\r\n")
                        return
                    answer = rcpt_reply if command == b"RCPT" else b"250 ok"
                    if command == b"DATA":
                        connection.sendall(b"354 go on\r\n")
                        message = b"".join(iter(lines.readline, b".\r\n"))
                        received.append(message.decode("utf-8", "replace"))
                        answer = data_reply
                    if answer is None:
                        stop.wait()  # silent until the test ends
                        return
                    connection.sendall(answer + b"\r\n")

        def accept():
            while not stop.is_set():
                with contextlib.suppress(OSError):
                    connection, _address = server.accept()
                    connection.settimeout(5)
                    threading.Thread(target=talk, args=(connection,), daemon=True).start()

        thread = threading.Thread(target=accept, daemon=True)
        thread.start()
        yield server.getsockname()[1], received
        stop.set()
        thread.join(timeout=5)


def use_smtp(settings, port, timeout=1):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, timeout
