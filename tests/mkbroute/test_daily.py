"""The daily chain in the task worker: it starts with the worker, comes back every morning,
and keeps the werkplekken true. The simulation is the issue's promise: with employers that
never answer no place stays public more than 44 days after its last confirmation; with
employers that answer, none disappears."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from employers.models import Werkplek
from mkbroute import tasks
from tests.employers.helpers import make_employer, make_werkplek
from tests.leads.helpers import run_worker
from tests.mkbroute.test_personal_links import open_link

pytestmark = pytest.mark.django_db
TZ = timezone.get_default_timezone()
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=TZ)


def queued_daily():
    return DBTaskResult.objects.filter(task_path=tasks.daily.module_path, status="READY")


def test_the_worker_starts_the_daily_chain_which_comes_back_each_morning(monkeypatch):
    ran = []
    monkeypatch.setattr(tasks, "DAILY_STEPS", ["tests.mkbroute.test_daily.step"])
    monkeypatch.setattr(tasks, "import_string", lambda path: lambda: ran.append(path) or {})
    with time_machine.travel(START, tick=False):
        run_worker(command="run_worker")
        (first,) = queued_daily()
        assert timezone.localtime(first.run_after) == START.replace(day=3, hour=6)
        assert not ran
        run_worker(command="run_worker")  # a restart queues no second chain
        assert queued_daily().count() == 1
    with time_machine.travel(START.replace(day=3, hour=6, minute=1), tick=False):
        run_worker(command="run_worker")
    assert ran == ["tests.mkbroute.test_daily.step"]
    (second,) = queued_daily()
    assert timezone.localtime(second.run_after) == START.replace(day=4, hour=6)


def test_a_failing_step_stops_neither_the_others_nor_the_chain(monkeypatch):
    ran = []

    def fails():
        raise RuntimeError("broken")

    steps = {"a": fails, "b": lambda: ran.append("b") or {}}
    monkeypatch.setattr(tasks, "DAILY_STEPS", ["a", "b"])
    monkeypatch.setattr(tasks, "import_string", steps.get)
    with time_machine.travel(START, tick=False):
        tasks.daily.enqueue()
        run_worker()
    assert ran == ["b"]
    assert queued_daily().count() == 1
    assert DBTaskResult.objects.filter(task_path=tasks.daily.module_path, status="FAILED")


def answer_every_question(employer):
    """The employer reads today's mail and says each place asked about is still open."""
    for message in mail.outbox:
        if employer.contact_email in message.to and "nog open" in message.subject:
            link = re.search(r"https?://\S+\?t=\S+", message.body).group(0)
            client = Client()
            open_link(client, link)
            for werkplek in employer.werkplekken.all():
                if werkplek.awaits_confirmation or werkplek.status == Werkplek.Status.UNCONFIRMED:
                    url = f"/werkgevers/mijn/werkplek/{werkplek.pk}/nog-open/"
                    assert client.post(url, {"antwoord": "open"}).status_code == 303


@pytest.mark.slow
def test_places_stay_true_over_four_months_of_daily_runs():
    silent = [make_employer(contact_email=f"stil{n}@bedrijf.example") for n in range(3)]
    answering = [make_employer(contact_email=f"actief{n}@bedrijf.example") for n in range(3)]
    year = START.date() + datetime.timedelta(days=365)
    places = {}
    for day in range(120):
        now = START + datetime.timedelta(days=day)
        with time_machine.travel(now, tick=False):
            if day % 10 == 0:  # new places now and then, so that every phase occurs
                for employer in silent + answering:
                    places[make_werkplek(employer=employer, open_until=year).pk] = employer
            mail.outbox.clear()
            run_worker(command="run_worker")
            for employer in answering:
                answer_every_question(employer)
            today = timezone.localdate()
            public = Werkplek.objects.public()
            for werkplek in public:
                age = (today - timezone.localdate(werkplek.confirmed_at)).days
                assert age <= 44, (day, werkplek, age)
            public_ids = set(public.values_list("pk", flat=True))
            for pk, employer in places.items():
                if employer in answering:
                    assert pk in public_ids, (day, pk)
    # The silent employers' first places were asked, and left; the answering ones' stayed.
    assert Werkplek.objects.filter(status=Werkplek.Status.UNCONFIRMED).count() >= 3 * 7
    assert not Werkplek.objects.filter(employer__in=answering).exclude(status="open").exists()


def test_the_daily_chain_sends_the_weekly_mail_of_an_alert_with_new_places(mailoutbox):
    from tests.employers.helpers import make_alert

    alert = make_alert()
    make_werkplek(title="Nieuw in Utrecht")
    tasks.run_daily_steps()
    run_worker()
    [digest] = [m for m in mailoutbox if m.to == [alert.email] and "nieuwe werkplek" in m.subject]
    assert "Nieuw in Utrecht" in digest.body
    tasks.run_daily_steps()  # the next morning's run, the same week: nothing again
    run_worker()
    assert len([m for m in mailoutbox if "nieuwe werkplek" in m.subject]) == 1
