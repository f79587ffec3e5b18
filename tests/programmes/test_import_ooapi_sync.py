"""The nightly sync: the task worker imports when OOAPI_URL is set, and /healthz tells when
no import succeeded for 48 hours."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from programmes import tasks
from programmes.models import ImportRun, Programme
from tests.mkbroute.processes import database_url, run_python

pytestmark = pytest.mark.django_db


def queued():
    return DBTaskResult.objects.filter(task_path=tasks.import_catalogue.module_path, status="READY")


def run_at(hours_ago, status=ImportRun.Status.OK):
    when = timezone.now() - datetime.timedelta(hours=hours_ago)
    return ImportRun.objects.create(
        started_at=when, finished_at=when, source="https://ooapi.example/v5", status=status
    )


def test_healthz_reports_an_import_older_than_48_hours(client, settings):
    settings.OOAPI_URL = "https://ooapi.example/v5"
    run_at(49)
    run_at(1, ImportRun.Status.FAILED)

    response = client.get("/healthz")

    assert response.status_code == 503 and response.json()["failed"] == ["ooapi"]
    run_at(47)
    assert client.get("/healthz").status_code == 200


def test_healthz_asks_nothing_of_the_import_without_ooapi_url(client, settings):
    settings.OOAPI_URL = ""
    assert client.get("/healthz").status_code == 200


def test_the_worker_queues_no_import_without_ooapi_url(settings):
    settings.OOAPI_URL = ""
    tasks.schedule_import()
    assert not queued().exists()


def test_a_worker_on_a_site_never_imported_imports_at_once_and_only_once(settings):
    settings.OOAPI_URL = "https://ooapi.example/v5"
    tasks.schedule_import()
    tasks.schedule_import()  # a second worker, or the same one after an outage
    (task,) = queued()
    assert task.run_after <= timezone.now()


def test_after_a_good_import_the_next_one_is_tonight_at_three(settings):
    settings.OOAPI_URL = "https://ooapi.example/v5"
    amsterdam = timezone.get_current_timezone()
    with time_machine.travel(datetime.datetime(2026, 12, 7, 14, 0, tzinfo=amsterdam)):
        run_at(5)
        tasks.schedule_import()
    (task,) = queued()
    assert timezone.localtime(task.run_after) == datetime.datetime(
        2026, 12, 8, 3, 0, tzinfo=amsterdam
    )


def test_the_nightly_task_imports_and_queues_the_next_night(ooapi):
    tasks.import_catalogue.call()

    assert Programme.objects.count() == 2
    (task,) = queued()
    assert timezone.localtime(task.run_after).time() == datetime.time(3, 0)


def test_a_failed_nightly_import_is_tried_again_in_an_hour_not_at_once(ooapi):
    ooapi.fail("500")

    tasks.import_catalogue.call()

    assert ImportRun.objects.get().status == "failed"
    (task,) = queued()
    wait = task.run_after - timezone.now()
    assert datetime.timedelta(minutes=59) < wait <= datetime.timedelta(hours=1)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_task_worker_imports_when_it_starts_with_ooapi_url_set(ooapi):
    """As deploy.md runs it: its own process on the test database, doing what is due."""
    result = run_python(
        "manage.py",
        "run_worker",
        "--batch",
        "--no-startup-delay",
        DATABASE_URL=database_url(connection),
        OOAPI_URL=ooapi.url,
    )

    assert result.returncode == 0, result.stderr
    assert Programme.objects.count() == 2
    assert queued().count() == 1, "and the next import waits for the night"
