"""The task worker's upkeep: what a worker that was killed left behind is found and handled,
when a worker starts (manage.py run_worker) and every few minutes while one runs."""

import datetime
import logging

from django.utils import timezone
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
