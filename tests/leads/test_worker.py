"""The task worker as it runs in production: its own process, on the same database."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from leads import mails, outbox
from leads.models import Submission
from tests.leads.helpers import submit
from tests.leads.smtp import accepting_smtp_server
from tests.mkbroute.processes import database_url

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_worker_process_sends_what_the_site_queued(client, personas):
    submit(client, email="wachtrij@example.nl")
    with accepting_smtp_server() as (port, received):
        env = {
            **os.environ,
            "DATABASE_URL": database_url(connection),
            "EMAIL_URL": f"smtp://127.0.0.1:{port}",
        }
        command = [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"]
        subprocess.run(command, cwd=ROOT, env=env, check=True, timeout=60, capture_output=True)
    assert outbox.mail_of(mails.confirmation, Submission.objects.get().pk).status == "sent"
    assert len(received) == 1 and "wachtrij@example.nl" in received[0]
