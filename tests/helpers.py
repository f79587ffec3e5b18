"""Small helpers that tests of several apps share."""

import http.cookiejar
import io
import socket
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser

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


class _FormReader(HTMLParser):
    NOT_SENT = ("submit", "button", "image", "reset", "file")

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.data = form_id, False, {}
        self.select = self.textarea = None

    def add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        kind = attrs.get("type", "text")
        if tag == "input" and name and kind not in self.NOT_SENT:
            if kind not in ("checkbox", "radio"):
                self.add(name, attrs.get("value", ""))
            elif "checked" in attrs:
                self.add(name, attrs.get("value", "on"))
        elif tag == "select":
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.add(self.select, attrs.get("value", ""))
        elif tag == "textarea":
            self.textarea = name
            self.add(name, "")

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            # A browser drops the newline right after <textarea>, as Django writes one.
            value = self.data[self.textarea][-1]
            self.data[self.textarea][-1] = value[1:] if value.startswith("\n") else value
            self.textarea = None


def form_data(html, form_id):
    """What a browser sends for the form with this id as the page shows it: every field with
    its value, checked boxes and chosen options only; a name given more than once a list."""
    reader = _FormReader(form_id)
    reader.feed(html)
    return {name: values if len(values) > 1 else values[0] for name, values in reader.data.items()}


class Visitor:
    """A browser of its own against the live server: its own cookies, and in the server its
    own thread and database connection, so that several at once really are at once."""

    def __init__(self, base):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path):
        with self.opener.open(self.base + path, timeout=60) as response:
            return response.status, response.read().decode()

    def post(self, path, data):
        """(status, the address it ended on after redirects, the page); an error status is
        answered too, not raised, so that a test can count them."""
        body = urllib.parse.urlencode(data, doseq=True).encode()
        try:
            with self.opener.open(self.base + path, data=body, timeout=60) as response:
                return response.status, response.geturl(), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.url, error.read().decode()

    @property
    def csrf(self):
        return next(cookie.value for cookie in self.cookies if cookie.name == "csrftoken")
