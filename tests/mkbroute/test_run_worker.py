"""The task worker as production runs it (manage.py run_worker, its own process): killed with
SIGKILL in the middle of a mail it loses nothing and sends nothing twice, and it outlives a
database that goes away."""

import datetime
import os
import signal
import subprocess
import sys
import time

import pytest
from django.db import connection
from django.db.models import F
from django_tasks_db.models import DBTaskResult

from leads import mails, outbox
from leads.models import Submission
from tests.helpers import command_output
from tests.leads.helpers import submit
from tests.leads.smtp import accepting_smtp_server, hung_smtp_server, silent_after_data_smtp_server
from tests.mkbroute.processes import ROOT, database_url
from tests.mkbroute.proxy import Proxy

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


STARTED = []


@pytest.fixture(autouse=True)
def _no_worker_left():
    """Whatever a test's assertions say, none of its workers outlives it."""
    yield
    while STARTED:
        process = STARTED.pop()
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


def worker(smtp_port, *options, database=None, command="run_worker", timeout=60):
    """The worker, as deploy.md starts it, on the test database and a mail server here."""
    env = {
        **os.environ,
        "DATABASE_URL": database or database_url(connection),
        # Long enough that the worker is still waiting when the test kills it.
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}?timeout={timeout}",
    }
    arguments = [command, "--no-startup-delay", "--interval", "0.2", *options]
    process = subprocess.Popen(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    STARTED.append(process)
    return process


def run_batch(smtp_port):
    """A new worker that does what is due, then stops."""
    process = worker(smtp_port, "--batch")
    output, _ = process.communicate(timeout=60)
    assert process.returncode == 0, output


def wait_until(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "waited in vain"
        time.sleep(0.1)


def kill(process):
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)


def as_if_minutes_passed(minutes):
    """Move what the killed worker recorded back in time: its task, its mail's claim."""
    earlier = datetime.timedelta(minutes=minutes)
    DBTaskResult.objects.update(started_at=F("started_at") - earlier)
    outbox.Mail.objects.update(attempted_at=F("attempted_at") - earlier)


def confirmation():
    return outbox.mail_of(mails.confirmation, Submission.objects.get().pk)


def test_a_worker_killed_before_the_mail_server_answered_leaves_the_mail_to_the_next(
    client, personas
):
    submit(client, email="wachtrij@example.nl")
    with hung_smtp_server() as port:
        first = worker(port)
        wait_until(lambda: DBTaskResult.objects.filter(status="RUNNING").exists())
        time.sleep(1)  # connected, waiting for the server's greeting
        kill(first)
    assert confirmation().status == "pending"
    as_if_minutes_passed(11)
    with accepting_smtp_server() as (port, received):
        run_batch(port)
    assert confirmation().status == "sent"
    assert len(received) == 1 and "wachtrij@example.nl" in received[0]


def test_a_worker_told_to_stop_while_the_mail_server_hangs_stops_after_one_timeout(
    client, personas
):
    """deploy.md stops the worker with SIGTERM: it finishes its task first. A batch of mails to
    a server that never answers ends after one timeout, not one per mail (ten mails here)."""
    for n in range(10):
        submit(client, email=f"persoon{n}@example.nl")
    with hung_smtp_server() as port:
        process = worker(port, timeout=3)
        wait_until(lambda: DBTaskResult.objects.filter(status="RUNNING").exists())
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=15)  # ten timeouts would take 30 s
    assert process.returncode == 0, output
    assert set(outbox.Mail.objects.values_list("status", "attempts")) == {("pending", 1)}


def test_a_worker_killed_inside_the_smtp_transaction_never_sends_that_mail_again(client, personas):
    submit(client, email="wachtrij@example.nl")
    with silent_after_data_smtp_server() as (port, received):
        first = worker(port)
        wait_until(lambda: received)  # the server has the message and says nothing
        kill(first)
    assert confirmation().status == "sending"
    as_if_minutes_passed(11)
    with accepting_smtp_server() as (port, received_later):
        run_batch(port)
        owed = confirmation()
        assert owed.status == "unknown" and "worker stopped" in owed.note
        assert received_later == [], "it may have arrived: not sent again by itself"
        assert client.get("/healthz").json()["failed"] == ["mail_unknown"]

        assert "1 bevestigingen" in command_output("leads_resend", "--unknown")
        run_batch(port)
    assert confirmation().status == "sent"
    assert len(received_later) == 1, "sent again once someone decided to"


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres") is False,
    reason="an outage needs a database over the network: run with DATABASE_URL=postgres://...",
)
def test_the_worker_outlives_a_database_outage_and_sends_once_it_is_back(client, personas):
    settings = connection.settings_dict
    proxy = Proxy(int(settings["PORT"] or 5432))
    user = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
    through_proxy = f"postgres://{user}@127.0.0.1:{proxy.port}/{settings['NAME']}"
    with accepting_smtp_server() as (port, received):
        running = worker(port, database=through_proxy)
        try:
            submit(client, email="voor@example.nl")
            wait_until(lambda: len(received) == 1)
            proxy.cut()
            time.sleep(6)  # the worker finds the database gone, and waits
            assert running.poll() is None, "the worker is still running"
            proxy.restore()
            submit(client, email="na@example.nl")
            wait_until(lambda: len(received) == 2, seconds=40)
            assert running.poll() is None
        finally:
            running.terminate()
            output, _ = running.communicate(timeout=20)
            proxy.close()
    assert "na@example.nl" in received[1]
    assert "database unreachable" in output
