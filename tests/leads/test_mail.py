"""Mail leaves the request: the worker sends it, retries a hiccup and accepts a refusal."""

import datetime
import logging
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from leads import mails, outbox
from leads.models import Lead, Submission
from mkbroute.lib.content import new_content_version
from personas.models import Tone
from tests.factories import make_event
from tests.helpers import command_output
from tests.leads.helpers import commit, run_worker, submit
from tests.leads.smtp import hung_smtp_server, refusing_smtp_server, use_smtp

pytestmark = pytest.mark.django_db


def waiting_tasks():
    return DBTaskResult.objects.filter(status="READY")


def confirmation():
    """The outbox's row of the confirmation of the one submission."""
    return outbox.mail_of(mails.confirmation, Submission.objects.get().pk)


def test_a_submit_only_queues_its_mail(client, personas, mail_server_down):
    response = submit(client, follow=True)
    assert "Bedankt" in response.content.decode()
    owed = confirmation()
    assert (owed.status, owed.attempts) == ("pending", 0)
    commit()  # the submit's, which the test's own transaction holds back
    assert waiting_tasks().count() == 1
    assert mail.outbox == []


def test_the_worker_sends_the_confirmation(client, personas):
    submit(client)
    run_worker()
    assert [m.to for m in mail.outbox] == [["zoe@example.nl"]]
    assert confirmation().status == "sent"
    assert not waiting_tasks().exists()


def test_a_mail_server_that_is_down_loses_no_lead_and_is_tried_again(
    client, personas, mail_server_down, settings, caplog
):
    submit(client)
    run_worker()
    owed = confirmation()
    assert (owed.status, owed.attempts) == ("pending", 1)
    assert "ConnectionRefusedError" in owed.note
    assert "zoe@example.nl" not in caplog.text, "the log names the submission, not the person"
    [retry] = waiting_tasks()
    assert retry.run_after > timezone.now() + datetime.timedelta(seconds=50)
    assert Lead.objects.count() == 1

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run_worker()
    assert mail.outbox == [], "not before the backoff has passed"
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        run_worker()
    assert len(mail.outbox) == 1
    assert confirmation().status == "sent"


def test_a_mail_server_that_never_answers_costs_the_worker_a_timeout(client, personas, settings):
    submit(client)
    with hung_smtp_server() as port:
        use_smtp(settings, port, timeout=1)
        run_worker()
    owed = confirmation()
    assert (owed.status, owed.attempts) == ("pending", 1)
    assert waiting_tasks().count() == 1


def test_a_refusal_is_marked_and_not_tried_again(client, personas, settings, caplog):
    submit(client)
    with refusing_smtp_server() as port:
        use_smtp(settings, port)
        run_worker()
    owed = confirmation()
    assert owed.status == "refused"
    assert owed.note == "SMTPRecipientsRefused [550]"
    assert not waiting_tasks().exists()
    assert "zoe@example.nl" not in caplog.text


def test_after_the_last_attempt_it_fails_and_leads_resend_queues_it_again(
    client, personas, mail_server_down, settings
):
    submit(client, email="eerste@example.nl")
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _attempt in range(6):
            run_worker()
            traveller.shift(datetime.timedelta(hours=5))
    owed = confirmation()
    assert (owed.status, owed.attempts) == ("failed", 6)
    assert not waiting_tasks().exists()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert "1 bevestigingen opnieuw in de wachtrij" in command_output("leads_resend")
    run_worker()
    assert [m.to for m in mail.outbox] == [["eerste@example.nl"]]
    command_output("leads_resend")
    run_worker()
    assert len(mail.outbox) == 1, "nothing is sent twice"


def test_the_admissions_note_is_queued_too(client, personas, settings):
    settings.LEADS_NOTIFY_EMAIL = "toelating@example.nl"
    submit(client)
    run_worker()
    assert sorted(m.to[0] for m in mail.outbox) == ["toelating@example.nl", "zoe@example.nl"]
    logging.getLogger(__name__).info("done")


def test_each_mail_speaks_the_tone_as_it_is_now_without_reading_its_words_each_time(
    client, personas, tones
):
    submit(client, email="een@example.nl")  # in the visitor's tone: the default one
    run_worker()
    assert "Bedankt voor jouw interesse" in mail.outbox[0].body

    submit(client, email="twee@example.nl")
    with CaptureQueriesContext(connection) as queries:
        run_worker()
    assert "Bedankt voor jouw interesse" in mail.outbox[1].body
    read = [q["sql"] for q in queries.captured_queries if "personas_toneword" in q["sql"]]
    assert not read, "the tone's words are kept per content version"

    submit(client, email="drie@example.nl")
    # Meanwhile an editor, on another server, makes the default tone formal: the worker, one
    # long process, sees it in the next mail as a page would.
    Tone.objects.filter(pk=tones["neutraal"].pk).update(address="u")
    new_content_version(models=["personas.tone"])  # the cache as its save leaves it
    run_worker()
    assert "Bedankt voor uw interesse" in mail.outbox[2].body


def test_a_confirmation_costs_the_worker_five_plain_queries_of_its_own(client, personas):
    submit(client, email="een@example.nl")
    run_worker()  # the first mail fills the caches
    submit(client, email="twee@example.nl", consent_newsletter="on")
    with CaptureQueriesContext(connection) as queries:
        run_worker()
    assert "/interesse/bevestigen/" in mail.outbox[1].body, "the confirmation link"
    own = [q["sql"] for q in queries.captured_queries if "django_tasks" not in q["sql"]]
    own = [sql for sql in own if not sql.startswith(("SAVEPOINT", "RELEASE"))]
    # The mail's row, the submission with its tone and its person (for the link to their own
    # page), its consents, the claim before the SMTP transaction (issue 22: a mail leaves at
    # most once), the outcome. The consents come plain, in a query of their own: one query
    # with a subquery per consent cost the worker more CPU to build than the rest of the mail.
    assert len(own) == 5, "\n".join(own)
    assert not any("EXISTS" in sql for sql in own), "\n".join(own)
    assert "/mijn/?t=" in mail.outbox[1].body, "the link to the person's own page"


def test_a_confirmation_reads_only_the_fields_it_asked_for(client, personas):
    """The confirmation reads a few columns of the submission: a template that reads another
    would cost a query per field and mail, so here it fails the mail instead."""
    event = make_event(title="Meeloopdag Zorg")
    submit(client, email="een@example.nl", has_employer="ja")
    submit(client, event.get_absolute_url(), email="twee@example.nl")
    deferred = AssertionError("a field the confirmation did not ask for")
    with (
        mock.patch.object(Submission, "refresh_from_db", side_effect=deferred),
        mock.patch.object(Lead, "refresh_from_db", side_effect=deferred),
        mock.patch.object(Tone, "refresh_from_db", side_effect=deferred),
    ):
        run_worker()
    assert {m.status for m in outbox.Mail.objects.all()} == {"sent"}
    assert "aangemeld voor Meeloopdag Zorg" in mail.outbox[1].body


def test_an_event_title_reaches_the_subject_as_typed_on_one_line(client, personas):
    """Typed in the admin, with an ampersand and a line break: the subject says it as written
    (no &amp;), on one line, and the mail goes."""
    event = make_event(title="Open dag & proefstuderen\r\nin Utrecht")
    submit(client, event.get_absolute_url())
    run_worker()
    [message] = mail.outbox
    assert message.subject == "Jouw aanmelding voor Open dag & proefstuderen in Utrecht"
    assert confirmation().status == "sent"
