"""A TCP proxy on this machine in front of a real server, that can cut every connection and
turn new ones away for a while: a network outage between a process and its database."""

import contextlib
import socket
import threading


class Proxy:
    def __init__(self, target_port):
        self.target = ("127.0.0.1", target_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.up = True
        self.open = []  # every socket of every connection passed on
        self.lock = threading.Lock()
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                client, _address = self.listener.accept()
            except OSError:
                return  # closed
            if not self.up:
                client.close()  # as a server that is gone: the connection ends at once
                continue
            server = socket.create_connection(self.target)
            with self.lock:
                self.open += [client, server]
            threading.Thread(target=pump, args=(client, server), daemon=True).start()
            threading.Thread(target=pump, args=(server, client), daemon=True).start()

    def cut(self):
        """Break every connection through the proxy and turn new ones away."""
        self.up = False
        with self.lock:
            for connection in self.open:
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)
                connection.close()
            self.open = []

    def restore(self):
        self.up = True

    def close(self):
        self.cut()
        self.listener.close()


def pump(source, target):
    with contextlib.suppress(OSError):
        while data := source.recv(65536):
            target.sendall(data)
    with contextlib.suppress(OSError):
        target.shutdown(socket.SHUT_WR)
