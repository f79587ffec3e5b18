"""Small helpers that tests of several apps share."""

import io
import socket

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from redis.connection import Connection


def command_output(name, *args):
    """What a management command writes to its stdout, run as call_command."""
    output = io.StringIO()
    call_command(name, *args, stdout=output)
    return output.getvalue()


def count_queries(client, url):
    """The queries of a steady visit to url: a first visit fills the caches (tones, personas)."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def listening(port):
    """Whether something on this machine takes connections on port."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


class RoundTrips:
    """Counts what this process sends to Redis: one packed send is one round trip."""

    def __init__(self, monkeypatch):
        self.count = 0
        send = Connection.send_packed_command

        def counted(connection, command, check_health=True):
            self.count += 1
            return send(connection, command, check_health)

        monkeypatch.setattr(Connection, "send_packed_command", counted)
