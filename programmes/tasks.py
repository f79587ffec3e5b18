"""The nightly import from the school's OOAPI source: a task that imports and queues its own
next run, started by the task worker (manage.py run_worker) when OOAPI_URL is set."""

import datetime

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from .models import ImportRun
from .ooapi.importer import run_import

NIGHTLY_AT = datetime.time(3, 0)  # Dutch time, when nobody edits and few people visit
# A failed import (the source down, a token expired) is tried again this much later, not at
# once: a source in trouble gets a few gentle requests, and /healthz tells after 48 hours.
AFTER_FAILURE = datetime.timedelta(hours=1)


@task()
def import_catalogue():
    """Import, then queue the next import: one queued run keeps the chain going."""
    failed = False
    try:
        if settings.OOAPI_URL:
            failed = run_import().status == ImportRun.Status.FAILED
    finally:
        schedule_import(after_failure=failed)


def next_night(now=None):
    now = timezone.localtime(now)
    at = now.replace(hour=NIGHTLY_AT.hour, minute=NIGHTLY_AT.minute, second=0, microsecond=0)
    return at if at > now else at + datetime.timedelta(days=1)


def schedule_import(after_failure=False):
    """Queue the next import, unless OOAPI_URL is empty or one is queued already: tonight, or
    at once when no import succeeded in the last day (a worker that starts on a new or
    neglected site), or in an hour after a failure."""
    if not settings.OOAPI_URL:
        return None
    queued = DBTaskResult.objects.filter(task_path=import_catalogue.module_path, status="READY")
    if queued.exists():
        return None
    now = timezone.now()
    if after_failure:
        when = now + AFTER_FAILURE
    elif not ImportRun.objects.succeeded_within(24):
        when = now
    else:
        when = next_night(now)
    return import_catalogue.using(run_after=when).enqueue()
