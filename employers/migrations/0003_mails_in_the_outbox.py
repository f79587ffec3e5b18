# The employers' mails go through the outbox now (leads/outbox.py), which records each attempt
# instead of passing it as a task argument: point the tasks already queued at the outbox's task.

from django.db import migrations

SEND = "leads.outbox.send_mail"
# The tasks before the outbox, called with (object id, attempt): the kind of mail each sent.
OLD_TASKS = {
    "employers.tasks.notify_admissions": "employers.mails.registration_notice",
    "employers.tasks.introduce": "employers.mails.introduction",
}


def forwards(apps, schema_editor):
    Task = apps.get_model("django_tasks_database", "DBTaskResult")
    Mail = apps.get_model("leads", "Mail")
    for task in Task.objects.filter(status="READY", task_path__in=OLD_TASKS):
        object_id, *attempt = task.args_kwargs["args"]
        mail, _created = Mail.objects.get_or_create(
            kind=OLD_TASKS[task.task_path],
            object_id=object_id,
            defaults={"attempts": attempt[0] - 1 if attempt else 0, "created_at": task.enqueued_at},
        )
        task.task_path, task.args_kwargs = SEND, {"args": [mail.pk], "kwargs": {}}
        task.save(update_fields=["task_path", "args_kwargs"])


def backwards(apps, schema_editor):
    Task = apps.get_model("django_tasks_database", "DBTaskResult")
    Mail = apps.get_model("leads", "Mail")
    paths = {kind: path for path, kind in OLD_TASKS.items()}
    for task in Task.objects.filter(status="READY", task_path=SEND):
        mail = Mail.objects.filter(pk=task.args_kwargs["args"][0], kind__in=paths).first()
        if mail is not None:
            args = [mail.object_id, mail.attempts + 1]
            task.task_path, task.args_kwargs = paths[mail.kind], {"args": args, "kwargs": {}}
            task.save(update_fields=["task_path", "args_kwargs"])
    Mail.objects.filter(kind__in=paths).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('employers', '0002_toned_text'),
        ('leads', '0013_mail'),
        ('django_tasks_database', '0021_conditional_partial_index_ordering'),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
