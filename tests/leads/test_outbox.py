"""The outbox every app sends through: one row per mail, written when it is sent, sent once."""

import smtplib
import socket
from unittest import mock

import pytest
from django.core.mail import EmailMessage
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

from leads import mails, outbox
from leads.models import Submission
from mkbroute.lib import mail as smtp
from tests.helpers import command_output
from tests.leads.helpers import commit, run_worker, submit
from tests.leads.smtp import accepting_smtp_server, hung_smtp_server, use_smtp

pytestmark = pytest.mark.django_db


def test_a_mail_is_stored_under_the_path_of_the_function_that_writes_it():
    kind = outbox.kind_of(mails.confirmation)
    assert kind == "leads.mails.confirmation"
    assert import_string(kind) is mails.confirmation


def test_a_task_queued_twice_for_one_mail_sends_it_once(client, personas, mailoutbox):
    submit(client)
    commit()
    owed = outbox.mail_of(mails.confirmation, Submission.objects.get().pk)
    outbox.send_mail.enqueue(owed.pk)  # a second task for the same mail, as a re-queue makes
    assert DBTaskResult.objects.filter(status="READY").count() == 2
    run_worker()
    assert len(mailoutbox) == 1
    owed.refresh_from_db()
    assert (owed.status, owed.attempts) == ("sent", 1)


def test_the_note_to_admissions_records_its_attempts_too(
    client, personas, settings, mail_server_down
):
    settings.LEADS_NOTIFY_EMAIL = "toelating@example.nl"
    submit(client)
    run_worker()
    notice = outbox.mail_of(mails.admissions_notice, Submission.objects.get().pk)
    assert (notice.status, notice.attempts) == ("pending", 1)
    assert "ConnectionRefusedError" in notice.note


def test_a_confirmation_for_a_person_erased_before_it_goes_is_not_sent_and_forgotten(
    client, personas, mailoutbox
):
    submit(client)
    submission_id = Submission.objects.get().pk
    command_output("privacy", "erase", "zoe@example.nl")
    run_worker()
    assert mailoutbox == []
    assert outbox.mail_of(mails.confirmation, submission_id) is None, "the outbox forgot it"
    assert outbox.Mail.objects.oldest_pending() is None, "nothing waits: /healthz stays green"


def test_a_mail_about_what_is_gone_is_dropped(client, personas, mailoutbox):
    submit(client)
    submission_id = Submission.objects.get().pk
    Submission.objects.filter(pk=submission_id).delete()
    run_worker()
    assert mailoutbox == []
    owed = outbox.mail_of(mails.confirmation, submission_id)
    assert (owed.status, owed.note) == ("dropped", "gone")


def test_admissions_read_on_the_lead_whether_its_confirmation_went_out(
    client, personas, admissions, mail_server_down
):
    submit(client)
    run_worker()
    lead_id = Submission.objects.get().lead_id
    page = admissions.get(f"/admin/leads/lead/{lead_id}/change/").content.decode()
    assert "Nog niet verstuurd" in page and "ConnectionRefusedError" in page


def test_superusers_read_the_outbox_without_addresses_and_staff_do_not(
    client, personas, superuser, admissions
):
    submit(client)
    run_worker()
    page = superuser.get("/admin/leads/mail/?status__exact=sent").content.decode()
    assert "bevestiging aan de persoon" in page and "Verstuurd" in page
    assert "zoe@example.nl" not in page
    assert admissions.get("/admin/leads/mail/").status_code == 403


def test_a_mail_that_cannot_be_written_fails_for_good_where_it_is_seen(client, caplog):
    """A fault in the mail itself (here its function was renamed without moving its mails)
    is given up at once, not left pending for ever: /healthz counts it, and the site stays up."""
    mail = outbox.Mail.objects.create(kind="leads.mails.renamed_meanwhile", object_id=1)
    outbox.hand_to_worker()
    run_worker()
    mail.refresh_from_db()
    assert (mail.status, mail.attempts, mail.note) == ("failed", 1, "ImportError")
    assert mail.summary().startswith("Mislukt · ImportError · 1 poging")
    assert outbox.Mail.objects.oldest_pending() is None
    assert not DBTaskResult.objects.filter(status="READY").exists()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "failed_mails": 1}


def test_a_burst_of_submits_is_sent_by_one_task_over_one_connection(client, personas, settings):
    """A campaign brings many submits at once: the worker's bookkeeping of a task, and the
    connection to the mail server, are paid once for the batch, not once per mail."""
    for n in range(3):
        submit(client, email=f"persoon{n}@example.nl")
        commit()  # each submit commits on its own, as under gunicorn
    assert DBTaskResult.objects.filter(status="READY").count() == 1, "one task sends them all"
    connect = smtplib.SMTP.connect
    with (
        accepting_smtp_server() as (port, received),
        mock.patch.object(smtplib.SMTP, "connect", autospec=True, side_effect=connect) as opened,
    ):
        use_smtp(settings, port)
        run_worker()
    assert len(received) == 3
    assert opened.call_count == 1
    assert set(outbox.Mail.objects.values_list("status", "attempts")) == {("sent", 1)}


def test_a_batch_opens_a_new_connection_when_the_server_closed_the_one_it_kept(settings):
    """A message that never left must not look as if it may have (unknown): the kept
    connection is asked whether the server still answers before the next mail is claimed."""
    with accepting_smtp_server() as (port, received), smtp.Sender() as sender:
        use_smtp(settings, port)
        assert sender.deliver(EmailMessage("Een", "tekst", to=["a@example.nl"])) == (smtp.SENT, "")
        # As when the server hangs up on a client that kept quiet for a while.
        sender.connection.connection.sock.shutdown(socket.SHUT_RDWR)
        assert sender.deliver(EmailMessage("Twee", "tekst", to=["b@example.nl"])) == (smtp.SENT, "")
    assert len(received) == 2


def test_a_batch_stops_trying_once_the_server_went_quiet(client, personas, settings):
    """A hung server costs the batch one timeout, not one per mail: the mails after it wait
    for their next attempt as the first one does, untried."""
    for n in range(3):
        submit(client, email=f"persoon{n}@example.nl")
        commit()
    connect = smtplib.SMTP.connect
    with (
        hung_smtp_server() as port,
        mock.patch.object(smtplib.SMTP, "connect", autospec=True, side_effect=connect) as opened,
    ):
        use_smtp(settings, port, timeout=1)
        run_worker()
    assert opened.call_count == 1
    assert set(outbox.Mail.objects.values_list("status", "attempts")) == {("pending", 1)}
    retries = DBTaskResult.objects.filter(task_path=outbox.send_mail.module_path, status="READY")
    assert retries.count() == 3, "each waits for its own next attempt"


def test_a_mail_another_worker_tried_since_it_was_read_is_left_to_that_worker(client, personas):
    """A batch reads its mails when it starts; one tried meanwhile by another worker (and
    waiting for its next attempt) is not claimed on what the batch read."""
    submit(client)
    commit()
    read_by_the_batch = outbox.mail_of(mails.confirmation, Submission.objects.get().pk)
    outbox.Mail.objects.update(attempts=1)  # the other worker's attempt failed: a retry waits
    assert read_by_the_batch.claim() is False
