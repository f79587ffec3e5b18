"""The admin's history names people's rows by id: "kennismaking 12", not the person's name.

Entries written before say str() of the row: the person's name (an introduction), or the
company of a contact person, which may be their own name. They get the same kind-and-id text
the admin writes from now on (mkbroute/lib/admin_log.py).
"""

from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Concat

# The verbose names of the models, as they were when this migration was written.
NAMES = {
    "employer": "werkgever",
    "introduction": "kennismaking",
    "reply": "reactie op een werkplek",
}


def by_id(apps, schema_editor):
    LogEntry = apps.get_model("admin", "LogEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for kind in ContentType.objects.filter(app_label="employers", model__in=NAMES):
        entries = LogEntry.objects.filter(content_type=kind)
        entries.update(object_repr=Concat(Value(f"{NAMES[kind.model]} "), "object_id"))


class Migration(migrations.Migration):
    dependencies = [
        ("employers", "0003_mails_in_the_outbox"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(by_id, migrations.RunPython.noop)]
