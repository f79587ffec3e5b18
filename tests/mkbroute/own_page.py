"""A person on their own page (/mijn/) as a browser is: opened by their link, each action a
POST with the CSRF token of the page."""

import re

from django.test import Client

from tests.mkbroute.test_personal_links import open_link

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def opened(lead):
    """A client with the person's session, as after clicking the link in a mail; checks
    CSRF as a browser's requests are checked."""
    client = Client(enforce_csrf_checks=True)
    assert open_link(client, lead.personal_link()).status_code == 200
    return client


def act(client, path, page="/mijn/", **data):
    """Send a form of the page at `page` to path, with the page's CSRF token."""
    token = CSRF.search(client.get(page).content.decode()).group(1)
    return client.post(path, {"csrfmiddlewaretoken": token, **data})


def shown_message(client):
    """The message the page shows after an action."""
    html = client.get("/mijn/").content.decode()
    found = re.search(r'<div class="alert alert-success" role="status">([^<]*)</div>', html)
    return found and found.group(1)
