# Copy the mail state of submissions and reminders into the outbox, and point the tasks already
# queued for them (and for the notes to admissions, whose attempt was a task argument) at the
# outbox's task, so that nothing queued before the deploy is lost or sent twice.

from django.db import migrations

CONFIRMATION = "leads.mails.confirmation"
NOTICE = "leads.mails.admissions_notice"
REMINDER = "leads.mails.reminder"
SEND = "leads.outbox.send_mail"
# The tasks before the outbox: the kind of mail each sent, and whether it took the attempt
# as its second argument.
OLD_TASKS = {
    "leads.tasks.send_confirmation": (CONFIRMATION, False),
    "leads.tasks.notify_admissions": (NOTICE, True),
    "leads.tasks.send_reminder": (REMINDER, False),
}
BATCH = 2000


def in_batches(rows):
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def to_outbox_task(apps, old_tasks):
    """Point each queued task of old_tasks at the outbox's task, with the mail's row."""
    Task = apps.get_model("django_tasks_database", "DBTaskResult")
    Mail = apps.get_model("leads", "Mail")
    for task in Task.objects.filter(status="READY", task_path__in=old_tasks):
        object_id, *attempt = task.args_kwargs["args"]
        mail, _created = Mail.objects.get_or_create(
            kind=old_tasks[task.task_path][0],
            object_id=object_id,
            defaults={"attempts": attempt[0] - 1 if attempt else 0, "created_at": task.enqueued_at},
        )
        task.task_path, task.args_kwargs = SEND, {"args": [mail.pk], "kwargs": {}}
        task.save(update_fields=["task_path", "args_kwargs"])


def from_outbox_task(apps, old_tasks):
    """The other way: each queued task of the outbox for a mail of old_tasks's kinds."""
    Task = apps.get_model("django_tasks_database", "DBTaskResult")
    Mail = apps.get_model("leads", "Mail")
    paths = {kind: (path, with_attempt) for path, (kind, with_attempt) in old_tasks.items()}
    for task in Task.objects.filter(status="READY", task_path=SEND):
        mail = Mail.objects.filter(pk=task.args_kwargs["args"][0], kind__in=paths).first()
        if mail is not None:
            path, with_attempt = paths[mail.kind]
            args = [mail.object_id, mail.attempts + 1] if with_attempt else [mail.object_id]
            task.task_path, task.args_kwargs = path, {"args": args, "kwargs": {}}
            task.save(update_fields=["task_path", "args_kwargs"])


def reminder_mail(Mail, pk, queued_at, status, attempts, sent_at):
    # A reminder the worker reached after its deadline was marked failed without an attempt:
    # the outbox calls that dropped, with the reason.
    late = status == "failed" and attempts == 0
    return Mail(
        kind=REMINDER,
        object_id=pk,
        created_at=queued_at,
        status="dropped" if late else status,
        attempts=attempts,
        note="after the deadline" if late else "",
        attempted_at=sent_at,
        sent_at=sent_at,
    )


def forwards(apps, schema_editor):
    Mail = apps.get_model("leads", "Mail")
    submissions = apps.get_model("leads", "Submission").objects.values_list(
        "pk", "created_at", "mail_status", "mail_attempts", "mail_error"
    )
    confirmations = (
        Mail(kind=CONFIRMATION, object_id=pk, created_at=at, status=status, attempts=n, note=error)
        for pk, at, status, n, error in submissions.iterator(chunk_size=BATCH)
    )
    for batch in in_batches(confirmations):
        Mail.objects.bulk_create(batch)
    reminders = apps.get_model("leads", "Reminder").objects.values_list(
        "pk", "queued_at", "mail_status", "mail_attempts", "sent_at"
    )
    for batch in in_batches(reminder_mail(Mail, *row) for row in reminders.iterator()):
        Mail.objects.bulk_create(batch)
    to_outbox_task(apps, OLD_TASKS)


def backwards(apps, schema_editor):
    from_outbox_task(apps, OLD_TASKS)
    Mail = apps.get_model("leads", "Mail")
    Submission = apps.get_model("leads", "Submission")
    Reminder = apps.get_model("leads", "Reminder")
    confirmations = Mail.objects.filter(kind=CONFIRMATION).values_list(
        "object_id", "status", "attempts", "note"
    )
    submissions = (
        Submission(pk=pk, mail_status=status, mail_attempts=n, mail_error=note)
        for pk, status, n, note in confirmations.iterator(chunk_size=BATCH)
    )
    for batch in in_batches(submissions):
        Submission.objects.bulk_update(batch, ["mail_status", "mail_attempts", "mail_error"])
    reminders = Mail.objects.filter(kind=REMINDER).values_list(
        "object_id", "status", "attempts", "sent_at"
    )
    for batch in in_batches(
        Reminder(
            pk=pk,
            mail_status="failed" if status == "dropped" else status,
            mail_attempts=n,
            sent_at=sent_at,
        )
        for pk, status, n, sent_at in reminders.iterator()
    ):
        Reminder.objects.bulk_update(batch, ["mail_status", "mail_attempts", "sent_at"])
    Mail.objects.filter(kind__in=[CONFIRMATION, NOTICE, REMINDER]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('leads', '0013_mail'),
        ('django_tasks_database', '0021_conditional_partial_index_ordering'),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
