"""Two gunicorn servers on one PostgreSQL and one Redis behave as one site."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.conf import global_settings
from django.contrib.auth import get_user_model
from django.db import connection

from programmes.models import Programme
from tests.helpers import listening
from tests.mkbroute.processes import ROOT, environment

REDIS = "redis://127.0.0.1:6379/12"
GUNICORN = [sys.executable, "-m", "gunicorn", "mkbroute.wsgi", "--workers", "2", "--threads", "2"]
GUNICORN += ["--worker-class", "gthread"]

INLINES = ("intakes", "admission_routes", "exemptions")  # of the programme admin


pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        "postgres" not in os.environ.get("DATABASE_URL", ""),
        reason="needs PostgreSQL: runs in the PostgreSQL half of CI (DATABASE_URL=postgres://...)",
    ),
    pytest.mark.skipif(not listening(6379), reason="Redis is not running on 127.0.0.1:6379"),
    pytest.mark.django_db(transaction=True),
]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def servers(tmp_path):
    settings = connection.settings_dict
    database = (
        f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    )
    env = environment(
        DJANGO_DEBUG="0",
        DJANGO_HTTPS="0",
        DJANGO_SECRET_KEY="two-servers-" + "q7w8e9" * 9,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        DJANGO_MEDIA_ROOT=str(tmp_path / "media"),
        DJANGO_ADMIN_2FA="0",
        DJANGO_PAGE_CACHE_SECONDS="600",
        DATABASE_URL=database,
        REDIS_URL=REDIS,
        LEADS_RATE_LIMIT="3/h",
        LEADS_MIN_FILL_SECONDS="0",
        EMAIL_URL="console:",
    )
    flush = f"import redis; redis.Redis.from_url('{REDIS}').flushdb()"
    subprocess.run([sys.executable, "-c", flush], check=True)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    started, urls = [], []
    try:
        for n in range(2):
            port = free_port()
            log = tmp_path / f"gunicorn-{n}.log"
            with log.open("w") as errors:  # the child keeps its own copy of the file
                process = subprocess.Popen(
                    [*GUNICORN, "-b", f"127.0.0.1:{port}"],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=errors,
                )
            started.append(process)
            wait_until_listening(process, port, log)
            urls.append(f"http://127.0.0.1:{port}")
        yield urls
    finally:
        for process in started:
            process.terminate()
            process.wait(timeout=20)
        subprocess.run([sys.executable, "-c", flush], check=True)


def wait_until_listening(process, port, log, seconds=30):
    """Wait for a server to take connections; fail loudly when it dies or takes too long."""
    deadline = time.monotonic() + seconds
    while not listening(port):
        if process.poll() is not None:
            pytest.fail(f"gunicorn on port {port} exited: {log.read_text()[-2000:]}")
        if time.monotonic() > deadline:
            pytest.fail(f"gunicorn did not listen on port {port} within {seconds} s")
        time.sleep(0.1)


class Visitor:
    def __init__(self):
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, url):
        with self.opener.open(url, timeout=30) as response:
            return response.read().decode()

    def post(self, url, data):
        body = urllib.parse.urlencode(data, doseq=True).encode()
        try:
            with self.opener.open(url, body, timeout=30) as response:
                return response.status, response.geturl()
        except urllib.error.HTTPError as error:
            return error.code, url


def hidden(html, action):
    form = html[html.index(f'action="{action}"') :]
    form = form[: form.index("</form>")]
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))


def submit(base, email):
    visitor = Visitor()
    page = visitor.get(base + "/interesse/")
    data = {
        **hidden(page, "/interesse/"),
        "first_name": "Twee",
        "last_name": "Servers",
        "email": email,
        "intent": "information",
        "consent_contact": "on",
    }
    return visitor.post(base + "/interesse/", data)[0]


def admin(base):
    visitor = Visitor()
    page = visitor.get(base + "/admin/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    credentials = {"username": "beheer", "password": "Twee-servers-1"}
    visitor.post(base + "/admin/login/", {**credentials, "csrfmiddlewaretoken": token})
    return visitor


def test_leads_rate_limits_and_edits_are_shared(servers, personas, admin_client, settings):
    first, second = servers
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS  # what the servers can read
    get_user_model().objects.create_superuser("beheer", "b@example.org", "Twee-servers-1")

    # A lead sent to either server is visible on both.
    assert submit(first, "via-een@example.org") == 200
    assert submit(second, "via-twee@example.org") == 200
    for base in servers:
        leads = admin(base).get(base + "/admin/leads/lead/")
        assert "via-een@example.org" in leads and "via-twee@example.org" in leads

    # The rate limit (3 an hour from this address) counts on both together.
    assert submit(first, "drie@example.org") == 200
    assert submit(second, "vier@example.org") == 429

    # An edit through one server shows on the other at once, despite its page cache.
    programme = Programme.objects.get()
    page = programme.get_absolute_url()
    assert programme.summary in Visitor().get(second + page)
    assert programme.summary in Visitor().get(second + page)  # now from the cache
    form = admin_client.get(f"/admin/programmes/programme/{programme.pk}/change/")
    data = {k: v for k, v in form.context["adminform"].form.initial.items() if v is not None}
    data.update(
        field=programme.field_id,
        locations=[loc.pk for loc in programme.locations.all()],
        summary="Bewerkt via de eerste server.",
        image="",
        **{f"{inline}-{count}_FORMS": 0 for inline in INLINES for count in ("TOTAL", "INITIAL")},
    )
    editor = admin(first)
    change = f"{first}/admin/programmes/programme/{programme.pk}/change/"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', editor.get(change)).group(1)
    status, _url = editor.post(change, {**data, "csrfmiddlewaretoken": token})
    assert status == 200
    Programme.objects.get(summary="Bewerkt via de eerste server.")
    assert "Bewerkt via de eerste server." in Visitor().get(second + page)
