"""Mail that leaves the request: the task worker sends it, and tries again with backoff."""

import datetime

from django.utils import timezone
from django_tasks import task

from . import mail
from .models import Submission

# Seconds to wait after the first, second, ... failed attempt.
BACKOFF = [60, 5 * 60, 15 * 60, 60 * 60, 4 * 60 * 60]


def later(attempt):
    delay = BACKOFF[min(attempt, len(BACKOFF)) - 1]
    return timezone.now() + datetime.timedelta(seconds=delay)


@task()
def send_confirmation(submission_id):
    pending = Submission.objects.filter(pk=submission_id, mail_status=Submission.MailStatus.PENDING)
    # The mail needs the tone's slug and the person's id; an event only for a sign-up.
    submission = next(iter(pending.select_related("tone")), None)
    if submission is None:  # sent already, or the person was erased meanwhile
        return
    if submission.send_confirmation():
        send_confirmation.using(run_after=later(submission.mail_attempts)).enqueue(submission_id)


@task()
def notify_admissions(submission_id, attempt=1):
    submission = Submission.objects.select_related("event", "target_group", "persona")
    submission = submission.filter(pk=submission_id).first()
    if submission is None:
        return
    if submission.notify_admissions() and attempt < mail.MAX_ATTEMPTS:
        retry = notify_admissions.using(run_after=later(attempt))
        retry.enqueue(submission_id, attempt + 1)


@task()
def send_reminder(reminder_id):
    from .models import Reminder

    pending = Reminder.objects.filter(pk=reminder_id, mail_status=Submission.MailStatus.PENDING)
    reminder = pending.select_related("lead", "submission__tone", "intake__programme").first()
    if reminder is None:  # sent already, or the person was erased meanwhile
        return
    if reminder.send(timezone.localdate()):
        send_reminder.using(run_after=later(reminder.mail_attempts)).enqueue(reminder_id)
