"""One machine, one gunicorn with two workers, no Redis: the embedded default is one site."""

import subprocess
import sys

import pytest
from django.conf import global_settings
from django.contrib.auth import get_user_model
from django.db import connection

from programmes.models import Programme
from tests.mkbroute.processes import ROOT, database_url, environment
from tests.mkbroute.test_two_servers import (
    GUNICORN,
    Visitor,
    admin,
    free_port,
    submit,
    wait_until_listening,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
REQUESTS = 12  # enough that both workers answer some of them

INLINES = ("intakes", "admission_routes", "exemptions")  # of the programme admin


@pytest.fixture
def site(tmp_path):
    env = environment(
        DJANGO_DEBUG="0",
        DJANGO_HTTPS="0",
        DJANGO_SECRET_KEY="one-machine-" + "q7w8e9" * 9,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        DJANGO_MEDIA_ROOT=str(tmp_path / "media"),
        DJANGO_ADMIN_2FA="0",
        DJANGO_PAGE_CACHE_SECONDS="600",
        DATABASE_URL=database_url(connection),
        LEADS_RATE_LIMIT="3/h",
        LEADS_MIN_FILL_SECONDS="0",
        EMAIL_URL="consolemail://",
    )
    collect = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]
    subprocess.run(collect, cwd=ROOT, env=env, check=True)
    port = free_port()
    log = tmp_path / "gunicorn.log"
    with log.open("w") as errors:
        command = [*GUNICORN, "-b", f"127.0.0.1:{port}"]
        server = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=errors
        )
    try:
        wait_until_listening(server, port, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_edits_and_rate_limits_hold_across_the_workers(site, personas, admin_client, settings):
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS  # what the server can read
    get_user_model().objects.create_superuser("beheer", "b@example.org", "Twee-servers-1")
    programme = Programme.objects.get()
    page = site + programme.get_absolute_url()
    for _ in range(REQUESTS):  # each worker renders and caches the page
        assert programme.summary in Visitor().get(page)

    editor = admin(site)
    change = f"{site}/admin/programmes/programme/{programme.pk}/change/"
    form = admin_client.get(f"/admin/programmes/programme/{programme.pk}/change/")
    data = {k: v for k, v in form.context["adminform"].form.initial.items() if v is not None}
    data.update(
        field=programme.field_id,
        locations=[location.pk for location in programme.locations.all()],
        summary="Bewerkt op een van de workers.",
        image="",
        **{f"{inline}-{count}_FORMS": 0 for inline in INLINES for count in ("TOTAL", "INITIAL")},
    )
    token = editor.get(change).split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert editor.post(change, {**data, "csrfmiddlewaretoken": token})[0] == 200
    for n in range(REQUESTS):
        assert "Bewerkt op een van de workers." in Visitor().get(page), n

    # Three submits an hour from this address, counted by both workers together.
    statuses = [submit(site, f"persoon{n}@example.org") for n in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
