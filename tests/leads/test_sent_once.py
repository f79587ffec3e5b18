"""A mail leaves at most once. The outbox records that its SMTP transaction starts before it
does; a worker that dies before that leaves it to the next one, and a mail whose transaction
ended without an answer (the server may have it) is unknown: never sent again by itself."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from leads import mails, outbox
from leads.models import Submission
from tests.helpers import command_output
from tests.leads.helpers import commit, run_worker, submit
from tests.leads.smtp import accepting_smtp_server, silent_after_data_smtp_server, use_smtp

pytestmark = pytest.mark.django_db
LATER = datetime.timedelta(minutes=11)  # past the time a task or an SMTP transaction may take


def confirmation():
    return outbox.mail_of(mails.confirmation, Submission.objects.get().pk)


def waiting_tasks():
    return DBTaskResult.objects.filter(status="READY")


def killed_worker(mail_status):
    """What a worker killed with SIGKILL leaves: its task running, the mail as it recorded it."""
    commit()
    DBTaskResult.objects.update(status="RUNNING", started_at=timezone.now())
    outbox.Mail.objects.update(status=mail_status, attempted_at=timezone.now())


def test_a_server_that_goes_quiet_after_the_message_leaves_the_mail_unknown_never_resent(
    client, personas, settings
):
    submit(client)
    with silent_after_data_smtp_server() as (port, received):
        use_smtp(settings, port, timeout=1)
        run_worker()
    owed = confirmation()
    assert owed.status == "unknown" and "SMTPServerDisconnected" in owed.note
    assert len(received) == 1, "the server has the message; whether it will deliver, who knows"
    assert not waiting_tasks().exists()
    with accepting_smtp_server() as (port, received_later):
        use_smtp(settings, port)
        with time_machine.travel(timezone.now() + datetime.timedelta(hours=5)):
            run_worker("run_worker")
    assert received_later == []


def test_a_task_a_killed_worker_left_before_its_smtp_transaction_is_run_again(client, personas):
    submit(client)
    killed_worker("pending")  # killed while the mail server had not yet said hello
    with time_machine.travel(timezone.now() + LATER):
        run_worker("run_worker")
    assert [m.to for m in mail.outbox] == [["zoe@example.nl"]]
    assert (confirmation().status, confirmation().attempts) == ("sent", 1)


def test_a_mail_a_killed_worker_left_in_its_smtp_transaction_is_unknown_and_not_resent(
    client, personas, admissions
):
    submit(client)
    killed_worker("sending")
    run_worker("run_worker")
    assert confirmation().status == "sending", "not before the timeout: a worker may be at it"
    with time_machine.travel(timezone.now() + LATER):
        run_worker("run_worker")
    assert mail.outbox == []
    owed = confirmation()
    assert owed.status == "unknown" and "worker stopped" in owed.note
    assert outbox.Mail.objects.oldest_pending() is None
    lead_page = admissions.get(f"/admin/leads/lead/{Submission.objects.get().lead_id}/change/")
    assert "Misschien verstuurd" in lead_page.content.decode()


def test_leads_resend_sends_an_unknown_mail_only_when_asked_to(client, personas):
    submit(client)
    killed_worker("sending")
    with time_machine.travel(timezone.now() + LATER):
        run_worker("run_worker")
        assert "0 bevestigingen opnieuw" in command_output("leads_resend")
        run_worker()
        assert mail.outbox == []
        output = command_output("leads_resend", "--unknown")
        assert "1 bevestigingen opnieuw" in output
        run_worker()
    assert [m.to for m in mail.outbox] == [["zoe@example.nl"]]
    assert confirmation().status == "sent"


def test_a_pending_mail_whose_task_was_lost_is_handed_to_the_worker_again(client, personas):
    submit(client)
    commit()
    DBTaskResult.objects.all().delete()  # as when the queue could not be reached after the commit
    with time_machine.travel(timezone.now() + LATER):
        run_worker("run_worker")
    assert [m.to for m in mail.outbox] == [["zoe@example.nl"]]


def test_the_worker_looks_after_what_a_killed_worker_left_every_few_minutes(client, personas):
    submit(client)
    run_worker("run_worker")  # the worker starts: nothing was left behind yet
    submit(client, email="tweede@example.nl")
    killed_worker_of_second = Submission.objects.get(email="tweede@example.nl")
    commit()
    DBTaskResult.objects.filter(status="READY", task_path__endswith="send_mail").update(
        status="RUNNING", started_at=timezone.now()
    )
    with time_machine.travel(timezone.now() + LATER):
        run_worker()  # the library's worker: only the periodic task looks after it now
    assert sorted(m.to[0] for m in mail.outbox) == ["tweede@example.nl", "zoe@example.nl"]
    assert outbox.mail_of(mails.confirmation, killed_worker_of_second.pk).status == "sent"


def test_a_mail_is_claimed_by_one_worker_only(client, personas):
    submit(client)
    commit()
    owed = confirmation()
    assert owed.claim() is True
    assert owed.claim() is False, "a second worker, or a task queued twice, keeps its hands off"


def test_a_superuser_sends_an_unknown_mail_again_or_leaves_it_from_the_outbox(
    client, personas, superuser
):
    submit(client)
    submit(client, email="tweede@example.nl")
    killed_worker("sending")
    with time_machine.travel(timezone.now() + LATER):
        run_worker("run_worker")
    first, second = outbox.Mail.objects.order_by("pk")
    assert client.get("/healthz").json()["failed"] == ["mail_unknown"]
    superuser.post("/admin/leads/mail/", {"action": "send_again", "_selected_action": [first.pk]})
    superuser.post(
        "/admin/leads/mail/", {"action": "leave_unknown", "_selected_action": [second.pk]}
    )
    run_worker()
    assert [m.to for m in mail.outbox] == [["zoe@example.nl"]]
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("sent", "dropped")
    assert client.get("/healthz").status_code == 200
