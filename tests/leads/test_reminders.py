"""One reminder before the deadline of the intake a person asked about, with their consent."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from leads import mails, outbox
from leads.models import Consent, Reminder
from tests.factories import make_lead
from tests.helpers import command_output
from tests.leads.helpers import run_worker
from tests.personas.admission_data import make_admission_data

pytestmark = pytest.mark.django_db
D = datetime.date


def reminders():
    return [m for m in mail.outbox if m.subject.startswith("Herinnering")]


@pytest.fixture
def asked(db):
    with time_machine.travel(D(2026, 3, 1), tick=False):
        programme = make_admission_data()
        return make_lead("zoe@example.nl", programmes=[programme], preferred_start="2026-09")


def test_a_consenting_lead_is_reminded_once_before_the_deadline_that_applies(asked):
    with time_machine.travel(D(2026, 4, 20), tick=False):
        assert "1 herinneringen" in command_output("send_reminders")
        run_worker()
        [message] = reminders()
        assert message.to == ["zoe@example.nl"]
        assert "uiterlijk 1 mei" in message.subject
        assert "uiterlijk op vrijdag 1 mei 2026 aan in Studielink" in message.body
        assert "recht op een studiekeuzecheck, en op toelating" in message.body
        assert "nog tot en met 15 augustus 2026" in message.body and "Beste Zoë" in message.body
        assert "0 herinneringen" in command_output("send_reminders")
    with time_machine.travel(D(2026, 8, 10), tick=False):  # the last day to apply is near
        assert "0 herinneringen" in command_output("send_reminders")
        run_worker()
    assert len(reminders()) == 1
    assert Reminder.objects.get().sent_at is not None


def test_nobody_is_reminded_too_early_or_after_the_deadline(asked):
    with time_machine.travel(D(2026, 4, 1), tick=False):
        assert "0 herinneringen" in command_output("send_reminders")
    with time_machine.travel(D(2026, 8, 16), tick=False):
        assert "0 herinneringen" in command_output("send_reminders")


def test_a_reminder_queued_on_1_may_still_goes_out_that_day(asked):
    with time_machine.travel(D(2026, 5, 1), tick=False):
        assert "1 herinneringen" in command_output("send_reminders")
        run_worker()
    [message] = reminders()
    assert "uiterlijk 1 mei" in message.subject
    assert Reminder.objects.get().deadline == D(2026, 5, 1)


def test_a_reminder_the_worker_reaches_after_the_deadline_is_not_sent(asked):
    with time_machine.travel(D(2026, 4, 20), tick=False):
        command_output("send_reminders")
    with time_machine.travel(D(2026, 5, 2), tick=False):
        run_worker()
    assert reminders() == []
    assert Reminder.objects.get().sent_at is None
    owed = outbox.mail_of(mails.reminder, Reminder.objects.get().pk)
    assert (owed.status, owed.note) == ("dropped", "after the deadline")


def test_without_the_contact_consent_in_effect_nobody_is_reminded(asked):
    Consent.objects.filter(purpose="contact").update(withdrawn_at=timezone.now())
    with time_machine.travel(D(2026, 4, 20), tick=False):
        assert "0 herinneringen" in command_output("send_reminders")


def test_admissions_see_who_was_reminded(asked, admin_client):
    with time_machine.travel(D(2026, 4, 20), tick=False):
        command_output("send_reminders")
        run_worker()
    page = admin_client.get("/admin/leads/reminder/").content.decode()
    assert "zoe@example.nl" in page or "Zoë" in page
    assert "Verstuurd" in page
    sent = admin_client.get("/admin/leads/reminder/?mail_status__exact=sent").content.decode()
    failed = admin_client.get("/admin/leads/reminder/?mail_status__exact=failed").content.decode()
    assert "Zoë" in sent and "Zoë" not in failed


def test_the_privacy_export_lists_the_reminders(asked):
    import json

    with time_machine.travel(D(2026, 4, 20), tick=False):
        command_output("send_reminders")
    data = json.loads(command_output("privacy", "export", "zoe@example.nl"))
    assert [r["deadline"] for r in data["reminders"]] == ["2026-05-01"]
