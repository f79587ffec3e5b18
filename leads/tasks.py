"""Work for the task worker besides mail (mail goes through outbox.py): folding the funnel."""

from django_tasks import task
from django_tasks_db.models import DBTaskResult

from personas.experiments import Experiment

from . import funnel


@task()
def fold_funnel():
    """Fold the closed hours of the funnel's counters into rows, then come back after the
    next hour closes: one queued run keeps the chain going (manage.py fold_funnel
    --schedule starts it)."""
    funnel.fold()
    for experiment in Experiment.objects.filter(status=Experiment.Status.RUNNING):
        experiment.review()  # a mismatch stops it; the planned sample ends it
    schedule_funnel_fold()


def schedule_funnel_fold():
    """Queue the next fold for when the current hour has closed, unless one is queued."""
    queued = DBTaskResult.objects.filter(task_path=fold_funnel.module_path, status="READY")
    if not queued.exists():
        fold_funnel.using(run_after=funnel.next_fold_at()).enqueue()
