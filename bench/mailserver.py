"""A mail server on this machine for the benches: one that takes every mail, or one that hangs."""

import contextlib
import socket
import threading


@contextlib.contextmanager
def mail_server(hung):
    """A mail server on this machine: one that takes every mail, or one that never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    server.settimeout(0.2)
    stop, held = threading.Event(), []

    def talk(connection):
        with contextlib.suppress(OSError), connection, connection.makefile("rb") as lines:
            connection.sendall(b"220 bench ESMTP\r\n")
            for line in lines:
                command = line[:4].upper()
                if command == b"DATA":
                    connection.sendall(b"354 go on\r\n")
                    for _body in iter(lines.readline, b".\r\n"):
                        pass
                if command == b"QUIT":
                    connection.sendall(b"221 bye\r\n")
                    return
                connection.sendall(b"250 ok\r\n")

    def accept():
        while not stop.is_set():
            with contextlib.suppress(OSError):
                connection = server.accept()[0]
                if hung:
                    held.append(connection)
                else:
                    threading.Thread(target=talk, args=(connection,), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1]
    finally:
        stop.set()
        thread.join(timeout=5)
        for connection in held:
            connection.close()
        server.close()
