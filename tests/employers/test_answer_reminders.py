"""No answer after five working days: one reminder to the employer; after ten, the
introduction is back with admissions as "geen reactie"."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from employers.answers import working_days_between
from employers.models import Introduction
from tests.helpers import command_output
from tests.leads.helpers import run_worker

from .answering import employer_page, introduce, mails_to

pytestmark = pytest.mark.django_db
TZ = timezone.get_default_timezone()
MONDAY = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=TZ)


def on(days, hour=7):
    """That many days after the Monday of the proposal, in the morning."""
    day = MONDAY + datetime.timedelta(days=days)
    return time_machine.travel(day.replace(hour=hour), tick=False)


def daily():
    command_output("run_daily")
    run_worker()


def reminders(mailoutbox):
    return [m for m in mails_to(mailoutbox, "henk@devries.example") if "Herinnering" in m.subject]


def test_working_days_leave_out_the_weekend():
    friday, monday = datetime.date(2026, 3, 6), datetime.date(2026, 3, 9)
    assert working_days_between(friday, monday) == 1
    assert working_days_between(friday, friday + datetime.timedelta(days=1)) == 0
    assert working_days_between(monday - datetime.timedelta(days=7), monday) == 5
    assert working_days_between(monday, monday + datetime.timedelta(days=18)) == 14
    assert working_days_between(monday, friday) == 0
    for start in (monday + datetime.timedelta(days=n) for n in range(7)):
        for length in range(30):
            end = start + datetime.timedelta(days=length)
            days = (start + datetime.timedelta(days=n) for n in range(1, length + 1))
            assert working_days_between(start, end) == sum(d.weekday() < 5 for d in days)


def test_one_reminder_after_five_working_days(mailoutbox):
    with time_machine.travel(MONDAY, tick=False):
        introduction = introduce()
        run_worker()
    with on(4):  # Friday: four working days
        daily()
    assert not reminders(mailoutbox)
    with on(7):  # the next Monday: five
        daily()
        daily()  # twice the same day
    with on(8):
        daily()
    (reminder,) = reminders(mailoutbox)
    assert "Junior developer" in reminder.subject
    assert "/werkgevers/mijn/?t=" in reminder.body and "Zoë de Vries" in reminder.body
    introduction.refresh_from_db()
    assert introduction.reminded_at is not None and introduction.no_answer_at is None
    assert introduction.werkplek.employer.history.filter(what="Herinnering gestuurd").exists()


def test_no_reminder_for_an_answered_introduction(mailoutbox):
    with time_machine.travel(MONDAY, tick=False):
        introduction = introduce()
        employer_page(introduction.werkplek.employer).post(
            f"/werkgevers/mijn/kennismaking/{introduction.pk}/uitnodigen/", {"how": "bellen"}
        )
    with on(14):
        daily()
    assert not reminders(mailoutbox)
    introduction.refresh_from_db()
    assert introduction.reminded_at is None and introduction.no_answer_at is None


def test_after_ten_working_days_it_is_back_on_the_worklist_as_geen_reactie(
    admissions, communications, mailoutbox
):
    with time_machine.travel(MONDAY, tick=False):
        introduction = introduce()
    with on(11):  # nine working days
        daily()
    introduction.refresh_from_db()
    assert introduction.no_answer_at is None
    with on(14):  # ten
        daily()
        worklist = admissions.get("/admin/zonder-werkplek/").content.decode()
        start = admissions.get("/admin/").content.decode()
        listed = admissions.get("/admin/employers/introduction/?antwoord=geen_reactie")
        changed = admissions.get(f"/admin/employers/introduction/{introduction.pk}/change/")
    introduction.refresh_from_db()
    assert introduction.no_answer_at is not None
    assert introduction.status == Introduction.Status.PROPOSED  # the employer may still answer
    assert len(reminders(mailoutbox)) == 1
    assert "Kennismakingen zonder reactie" in worklist and "Zoë de Vries" in worklist
    assert f"/admin/employers/introduction/{introduction.pk}/change/" in worklist
    assert "1 kennismaking zonder reactie van de werkgever" in start
    assert "Zoë de Vries" in listed.content.decode()
    assert "Geen reactie" in changed.content.decode()
    # Communications see no introduction, not even how many.
    assert "zonder reactie" not in communications.get("/admin/").content.decode()
    assert communications.get("/admin/employers/introduction/").status_code == 403


def test_an_answer_after_geen_reactie_still_counts(mailoutbox):
    with time_machine.travel(MONDAY, tick=False):
        introduction = introduce()
    with on(14):
        daily()
        client = employer_page(introduction.werkplek.employer)
        url = f"/werkgevers/mijn/kennismaking/{introduction.pk}/past-niet/"
        client.post(url, {"reason": "vervuld"})
    introduction.refresh_from_db()
    assert introduction.status == Introduction.Status.DECLINED
    assert not Introduction.objects.without_answer().exists()
