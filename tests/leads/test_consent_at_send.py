"""Consent and erasure are read when a mail leaves, not when it was queued: a mail the mail
server missed first, whose person then withdrew or was erased, is dropped with the reason."""

import datetime

import pytest
import time_machine
from django.core import mail

from leads import mails, outbox
from leads.models import Lead, Reminder, Submission
from tests.factories import make_lead
from tests.helpers import command_output
from tests.leads.helpers import retry_with_the_server_back, run_worker, submit
from tests.personas.admission_data import make_admission_data

pytestmark = pytest.mark.django_db
D = datetime.date


def mail_about(write, object_id):
    """(status, note) of the mail owed, or None once erase made the outbox forget it."""
    owed = outbox.mail_of(write, object_id)
    return None if owed is None else (owed.status, owed.note)


def withdraw():
    Lead.objects.get().withdraw_consents()


def erase():
    command_output("privacy", "erase", "zoe@example.nl")


# Withdrawn: the mail is dropped with the reason. Erased: the outbox forgets it with the person.
@pytest.mark.parametrize(("change", "reason"), [(withdraw, "no contact consent"), (erase, None)])
def test_it_drops_a_confirmation_whose_person_withdrew_or_was_erased_after_a_failed_attempt(
    client, personas, settings, mail_server_down, change, reason
):
    submit(client)
    run_worker()
    submission_id = Submission.objects.get().pk
    assert mail_about(mails.confirmation, submission_id)[0] == "pending", "the server was down"
    change()
    retry_with_the_server_back(settings)
    assert mail.outbox == []
    assert mail_about(mails.confirmation, submission_id) == (reason and ("dropped", reason))


@pytest.mark.parametrize(("change", "reason"), [(withdraw, "no contact consent"), (erase, None)])
def test_it_drops_the_note_to_admissions_about_a_person_who_withdrew_or_was_erased(
    client, personas, settings, mail_server_down, change, reason
):
    settings.LEADS_NOTIFY_EMAIL = "toelating@example.nl"
    submit(client)
    run_worker()
    submission_id = Submission.objects.get().pk
    change()
    retry_with_the_server_back(settings)
    assert mail.outbox == []
    assert mail_about(mails.admissions_notice, submission_id) == (reason and ("dropped", reason))


@pytest.mark.parametrize(("change", "reason"), [(withdraw, "no contact consent"), (erase, None)])
def test_it_drops_a_reminder_whose_person_withdrew_or_was_erased_after_a_failed_attempt(
    settings, mail_server_down, change, reason
):
    with time_machine.travel(D(2026, 3, 1), tick=False):
        programme = make_admission_data()
        make_lead("zoe@example.nl", programmes=[programme], preferred_start="2026-09")
    with time_machine.travel(D(2026, 4, 20), tick=False):
        assert "1 herinneringen" in command_output("send_reminders")
        run_worker()
        reminder_id = Reminder.objects.get().pk
        assert mail_about(mails.reminder, reminder_id)[0] == "pending", "the server was down"
        change()
        retry_with_the_server_back(settings)
    assert mail.outbox == []
    assert mail_about(mails.reminder, reminder_id) == (reason and ("dropped", reason))
