"""The mails to and about employers go through the outbox, as the lead mails do: queued after
the commit, retried on one schedule, every attempt recorded in the database, never an address
in the log."""

import datetime
import email

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from employers import mails
from employers.models import Employer, Introduction, Werkplek
from leads import outbox
from tests.factories import make_lead, make_programme
from tests.helpers import command_output
from tests.leads.helpers import commit, run_worker
from tests.leads.smtp import accepting_smtp_server, refusing_smtp_server, use_smtp

from .helpers import make_employer, make_werkplek, register

pytestmark = pytest.mark.django_db
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


def waiting_tasks():
    return DBTaskResult.objects.filter(status="READY")


def registration_notice():
    return outbox.mail_of(mails.registration_notice, Employer.objects.get().pk)


def introduced():
    """Zoë, who confirmed she may be shared, proposed for a place of Henk's company."""
    programme = make_programme()
    lead = make_lead("zoe@example.nl", programmes=[programme])
    for submission in lead.submissions.all():
        submission.confirm_consents()
    employer = make_employer(contact_email="henk@devries.example")
    werkplek = make_werkplek(employer=employer, programmes=[programme])
    introduction, _created = Introduction.propose(lead, werkplek)
    return introduction


def introduction_mail(introduction):
    return outbox.mail_of(mails.introduction, introduction.pk)


def test_it_retries_a_registration_notice_the_mail_server_missed_and_records_each_attempt(
    client, mail_server_down, settings, mailoutbox, caplog
):
    register(client, make_programme())
    run_worker()
    owed = registration_notice()
    assert (owed.status, owed.attempts) == ("pending", 1)
    assert "ConnectionRefusedError" in owed.note and owed.attempted_at is not None
    [retry] = waiting_tasks()
    assert retry.run_after > timezone.now() + datetime.timedelta(seconds=50)
    assert retry.args_kwargs["args"] == [owed.pk], "the attempt is recorded, not passed on"
    assert f"mail {owed.pk} " in caplog.text and "@" not in caplog.text

    settings.EMAIL_BACKEND = LOCMEM
    run_worker()
    assert mailoutbox == [], "not before the backoff has passed"
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        run_worker()
    [notice] = mailoutbox
    assert "Installatietechniek De Vries" in notice.subject
    owed.refresh_from_db()
    assert (owed.status, owed.attempts, owed.note) == ("sent", 2, "")
    assert owed.sent_at is not None
    assert not waiting_tasks().exists()


def test_it_records_a_refused_introduction_and_does_not_try_again(settings, caplog):
    introduction = introduced()
    with refusing_smtp_server() as port:
        use_smtp(settings, port)
        run_worker()
    owed = introduction_mail(introduction)
    assert (owed.status, owed.attempts) == ("refused", 1)
    assert owed.note == "SMTPRecipientsRefused [550]"
    assert not waiting_tasks().exists()
    assert "henk@devries.example" not in caplog.text and "zoe@example.nl" not in caplog.text


def test_it_queues_an_employer_mail_only_once_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        make_employer().queue_notification()
        assert registration_notice().status == "pending", "owed in the same transaction"
        assert not waiting_tasks().exists(), "but no worker may look for it yet"
    assert waiting_tasks().count() == 1


def test_a_registration_that_is_rolled_back_owes_no_mail_and_queues_nothing():
    class Undone(Exception):
        pass

    with pytest.raises(Undone), transaction.atomic():
        make_employer().queue_notification()
        raise Undone
    commit()
    assert not outbox.Mail.objects.exists()
    assert not waiting_tasks().exists()


def test_leads_resend_queues_a_given_up_introduction_again(mail_server_down, settings, mailoutbox):
    introduction = introduced()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _attempt in range(6):
            run_worker()
            traveller.shift(datetime.timedelta(hours=5))
    owed = introduction_mail(introduction)
    assert (owed.status, owed.attempts) == ("failed", 6)
    assert not waiting_tasks().exists()

    settings.EMAIL_BACKEND = LOCMEM
    output = command_output("leads_resend")
    assert "1 bevestigingen opnieuw" in output and "1 andere mails opnieuw" in output
    run_worker()
    assert sorted(m.to[0] for m in mailoutbox) == ["henk@devries.example", "zoe@example.nl"]
    assert introduction_mail(introduction).status == "sent"


def test_an_introduction_is_dropped_when_the_consent_is_withdrawn_before_it_goes(mailoutbox):
    introduction = introduced()
    introduction.lead.withdraw_consents()
    run_worker()
    assert not [m for m in mailoutbox if m.to == ["henk@devries.example"]]
    owed = introduction_mail(introduction)
    assert (owed.status, owed.attempts, owed.note) == ("dropped", 0, "no sharing consent")


def test_an_introduction_is_dropped_when_the_person_is_erased_before_it_goes(mailoutbox):
    introduction = introduced()
    command_output("privacy", "erase", "zoe@example.nl")
    run_worker()
    assert mailoutbox == []
    owed = introduction_mail(introduction)
    assert (owed.status, owed.note) == ("dropped", "gone")


BROKEN = "De Vries\r\nBcc: iedereen@example.nl"


def test_a_line_break_in_a_company_name_does_not_stop_its_registration_notice(settings):
    """Stored before the forms refused it, or typed in the admin: the subject is one line."""
    make_employer(name=BROKEN).queue_notification()
    with accepting_smtp_server() as (port, received):
        use_smtp(settings, port)
        run_worker()
    assert registration_notice().status == "sent"
    [message] = map(email.message_from_string, received)
    assert message["Subject"] == "Nieuwe werkgever aangemeld: De Vries Bcc: iedereen@example.nl"
    assert message["Bcc"] is None


def test_a_line_break_in_a_place_title_does_not_stop_its_introduction(settings):
    introduction = introduced()
    Werkplek.objects.filter(pk=introduction.werkplek_id).update(title="Monteur\nin opleiding")
    with accepting_smtp_server() as (port, received):
        use_smtp(settings, port)
        run_worker()
    assert introduction_mail(introduction).status == "sent"
    subjects = [email.message_from_string(message)["Subject"] for message in received]
    assert "Kandidaat voor uw werkplek Monteur in opleiding via de Mkb-route" in subjects


def test_admissions_see_on_the_employer_and_the_introduction_a_mail_that_failed_for_good(
    settings, admissions
):
    introduction = introduced()
    employer = introduction.werkplek.employer
    employer.queue_notification()
    with refusing_smtp_server() as port:
        use_smtp(settings, port)
        run_worker()
    employer_page = admissions.get(f"/admin/employers/employer/{employer.pk}/change/")
    assert "Geweigerd door de mailserver" in employer_page.content.decode()
    assert "SMTPRecipientsRefused [550]" in employer_page.content.decode()
    page = admissions.get(f"/admin/employers/introduction/{introduction.pk}/change/")
    assert "Geweigerd door de mailserver" in page.content.decode()
