"""Small helpers that tests of several apps share."""

import socket

from django.db import connection
from django.test.utils import CaptureQueriesContext


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
