"""The task worker's chains: the upkeep, which finds and handles what a worker that was
killed left behind, when a worker starts (manage.py run_worker) and every few minutes while
one runs; and the daily steps (freshness of places, answers to introductions)."""

import datetime
import logging

from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from leads import outbox

logger = logging.getLogger(__name__)

# No task of ours runs this long (a mail is one SMTP conversation with a timeout of seconds
# per step, a fold of the funnel a few queries): one still running was left by a worker that
# was killed (SIGKILL, the OOM killer, its machine gone) or lost its database mid-task.
TASK_TIMEOUT = datetime.timedelta(minutes=10)
UPKEEP_EVERY = datetime.timedelta(minutes=5)


def requeue_abandoned():
    """Queue the tasks again that a worker began more than TASK_TIMEOUT ago and never
    finished; the number. Each of our tasks is safe to run twice: a mail is claimed before
    it leaves (leads/outbox.py), a fold adds only hours not folded yet."""
    cutoff = timezone.now() - TASK_TIMEOUT
    abandoned = DBTaskResult.objects.running().filter(started_at__lt=cutoff)
    found = list(abandoned.values_list("pk", "task_path"))
    for pk, path in found:
        logger.warning(
            "task %s (%s) was left running by a worker that stopped: queued again", pk, path
        )
    DBTaskResult.objects.filter(pk__in=[pk for pk, _path in found], status="RUNNING").update(
        status="READY"
    )
    return len(found)


def look_after():
    """Everything a stopped worker may have left: its tasks, then the outbox's mails."""
    requeue_abandoned()
    outbox.recover()


@task()
def upkeep():
    """Look after the queue, and come back in UPKEEP_EVERY: one queued run keeps the chain
    going (run_worker starts it, as fold_funnel --schedule starts the funnel's)."""
    look_after()
    schedule_upkeep()


def schedule_upkeep():
    """Queue the next upkeep, unless one is queued."""
    queued = DBTaskResult.objects.filter(task_path=upkeep.module_path, status="READY")
    if not queued.exists():
        upkeep.using(run_after=timezone.now() + UPKEEP_EVERY).enqueue()


# The daily chain: each step is a function of no arguments that does what is due today and
# returns {what: number}. Every step decides from what is stored, so running it twice (a
# worker that restarts, run_daily by hand) sends nothing twice.
DAILY_STEPS = [
    "employers.freshness.daily",  # ask whether places are still open; take unconfirmed ones off
    "employers.answers.follow_up",  # remind employers who did not answer; then "geen reactie"
    "employers.digests.daily",  # the weekly mail of each alert that has new places
]
DAILY_AT = datetime.time(6, 0)  # before the working day: mails are there in the morning


def run_daily_steps():
    """Run every daily step, each whatever the others do: [(step, {what: number})]. A step
    that fails is logged and raised after the others ran."""
    done, failed = [], None
    for path in DAILY_STEPS:
        try:
            done.append((path, import_string(path)()))
        except Exception as error:
            logger.exception("daily step %s failed", path)
            failed = failed or error
    if failed is not None:
        raise failed
    return done


@task()
def daily():
    """The daily steps, then the next run tomorrow at DAILY_AT: one queued run keeps the
    chain going (run_worker starts it)."""
    try:
        for path, counts in run_daily_steps():
            logger.info("daily step %s: %s", path, counts)
    finally:
        schedule_daily()


def next_daily_at(now=None):
    """The first DAILY_AT (site time) after now."""
    now = timezone.localtime(now)
    at = now.replace(hour=DAILY_AT.hour, minute=DAILY_AT.minute, second=0, microsecond=0)
    if at <= now:
        at = timezone.make_aware(
            datetime.datetime.combine(now.date() + datetime.timedelta(days=1), DAILY_AT)
        )
    return at


def schedule_daily():
    """Queue the next daily run, unless one is queued."""
    queued = DBTaskResult.objects.filter(task_path=daily.module_path, status="READY")
    if not queued.exists():
        daily.using(run_after=next_daily_at()).enqueue()
