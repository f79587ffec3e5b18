"""Filling in the lead form as a visitor does: open a page, take its tokens, send it."""

import io
import re

WORKER = "django_tasks_db.management.commands.db_worker"
VALID = {
    "first_name": "Zoë",
    "last_name": "’t Hooft-van der Meer",
    "email": "zoe@example.nl",
    "consent_contact": "on",
    "intent": "information",
}


def form_fields(html):
    """The hidden fields of the lead form on a page, as the browser would send them."""
    form = html[html.index('action="/interesse/"') :]
    form = form[: form.index("</form>")]
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))


def submit(client, page="/interesse/", follow=False, secure=False, **fields):
    response = client.get(page, secure=secure)
    data = {**form_fields(response.content.decode()), **VALID, **fields}
    data = {key: value for key, value in data.items() if value is not None}
    scheme = "https" if secure else "http"
    return client.post(
        "/interesse/",
        data,
        follow=follow,
        secure=secure,
        HTTP_REFERER=f"{scheme}://testserver{page}",
    )


def commit():
    """Run what waits for the commit, as the commit would: mails go to the worker's queue only
    after the transaction that owes them commits, and a test's transaction never does (it is
    rolled back at the end). tests/leads/test_worker.py commits for real."""
    from django.db import connection

    while connection.run_on_commit:
        waiting, connection.run_on_commit = connection.run_on_commit, []
        for _savepoints, callback, _robust in waiting:
            callback()


def run_worker(command="db_worker"):
    """The real task worker, in this process, until nothing in the queue is due; first the
    commit of what the test did, as the worker of a site sees only what was committed.
    command="run_worker" runs ours, which first looks after what a killed worker left.

    Between tasks the worker closes database connections it thinks are old, as a long-lived
    process should; here that connection holds the test's transaction, so it stays open.
    tests/leads/test_worker.py runs the worker as its own process.
    """
    from unittest import mock

    from django.core.management import call_command

    commit()
    keep_connection = mock.patch(f"{WORKER}.close_old_connections", lambda: None)
    with keep_connection:
        call_command(command, "--batch", "--no-startup-delay", stdout=io.StringIO())


def retry_with_the_server_back(settings):
    """The next attempt of what the worker owes, once its backoff has passed and the mail
    server is back (a locmem backend: mail.outbox keeps what went)."""
    import datetime

    import time_machine
    from django.utils import timezone

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        run_worker()
