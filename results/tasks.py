"""The hourly fold of the funnel's counters, run by the task worker."""

from django_tasks import task
from django_tasks_db.models import DBTaskResult

from . import experiments, funnel, lead_days


@task()
def fold_funnel():
    """Fold the closed hours of the funnel's counters into rows, and the leads into theirs,
    then come back after the next hour closes: one queued run keeps the chain going
    (manage.py fold_funnel --schedule starts it)."""
    try:
        funnel.fold()  # an hour whose counts cannot be read now stays for the next run
        lead_days.fold()
        experiments.review_running()  # with the hour's visits: a mismatch stops one early
    finally:
        schedule_funnel_fold()


def schedule_funnel_fold():
    """Queue the next fold for when the current hour has closed, unless one is queued."""
    queued = DBTaskResult.objects.filter(task_path=fold_funnel.module_path, status="READY")
    if not queued.exists():
        fold_funnel.using(run_after=funnel.next_fold_at()).enqueue()
