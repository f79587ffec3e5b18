"""No answer after five working days: one reminder to the employer; after ten, the
introduction is back with admissions as "geen reactie"."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from employers.models import Introduction
from employers.working_days import easter_sunday, holidays, working_days_between
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
            expected = sum(d.weekday() < 5 and d not in holidays(d.year) for d in days)
            assert working_days_between(start, end) == expected


def test_public_holidays_are_no_working_days():
    # Christmas 2026 is a Friday, Boxing Day a Saturday; New Year's Day 2027 a Friday.
    assert working_days_between(datetime.date(2026, 12, 18), datetime.date(2026, 12, 28)) == 5
    assert working_days_between(datetime.date(2026, 12, 24), datetime.date(2027, 1, 4)) == 5
    # Easter Monday 2026 is 6 April; Koningsdag a Monday; Ascension a Thursday, 14 May.
    assert working_days_between(datetime.date(2026, 4, 3), datetime.date(2026, 4, 10)) == 4
    assert working_days_between(datetime.date(2026, 4, 24), datetime.date(2026, 4, 28)) == 1
    assert working_days_between(datetime.date(2026, 5, 11), datetime.date(2026, 5, 18)) == 4
    # Koningsdag on a Sunday is kept the Saturday before: no working day lost (2025).
    assert datetime.date(2025, 4, 26) in holidays(2025)
    sundays = [easter_sunday(year) for year in (2024, 2025, 2027, 2038, 2285)]
    assert sundays == [
        datetime.date(2024, 3, 31),
        datetime.date(2025, 4, 20),
        datetime.date(2027, 3, 28),
        datetime.date(2038, 4, 25),
        datetime.date(2285, 3, 22),
    ]


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
