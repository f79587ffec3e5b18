"""The lead list at 100,000 leads: search keys for name and phone, the indexes its pages are
read from, and on PostgreSQL trigram indexes for the search (see leads/search.py)."""

import django.utils.timezone
from django.db import migrations, models

from leads.search import name_key, phone_key
from mkbroute.lib.queries import update_each

BATCH = 2000
TRIGRAM_INDEXES = {
    "lead_name_trigram": "name_key",
    "lead_email_trigram": "email_key",
    "lead_phone_trigram": "phone_digits",
}


def fill_search_keys(apps, schema_editor):
    Lead = apps.get_model("leads", "Lead")
    leads = Lead.objects.using(schema_editor.connection.alias).only(
        "first_name", "last_name", "phone"
    )
    batch = []
    for lead in leads.iterator(chunk_size=BATCH):
        lead.name_key = name_key(lead.first_name, lead.last_name)
        lead.phone_digits = phone_key(lead.phone)
        batch.append(lead)
        if len(batch) == BATCH:
            update_each(batch, ["name_key", "phone_digits"])
            batch = []
    update_each(batch, ["name_key", "phone_digits"])


def trigram_indexes(apps, schema_editor):
    """PostgreSQL finds LIKE '%word%' through a trigram index (pg_trgm, which ships with
    PostgreSQL and which a database's owner may install); SQLite reads the keys from the date
    index (Lead.Meta.indexes)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in TRIGRAM_INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON leads_lead USING gin ({column} gin_trgm_ops)"
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("leads", "0025_dutch_campaign_tag_labels")]

    operations = [
        migrations.AddField(
            model_name="lead",
            name="name_key",
            field=models.CharField(default="", editable=False, max_length=251),
        ),
        migrations.AddField(
            model_name="lead",
            name="phone_digits",
            field=models.CharField(default="", editable=False, max_length=40),
        ),
        migrations.RunPython(fill_search_keys, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="lead",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, verbose_name="aangemaakt"
            ),
        ),
        migrations.AlterField(
            model_name="lead",
            name="status",
            field=models.CharField(
                choices=[
                    ("nieuw", "Nieuw"),
                    ("in_behandeling", "In behandeling"),
                    ("aangemeld", "Aangemeld"),
                    ("ingeschreven", "Ingeschreven"),
                    ("geen_interesse", "Geen interesse"),
                ],
                default="nieuw",
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.AddIndex(
            model_name="lead",
            index=models.Index(
                fields=["created_at", "id", "name_key", "email_key", "phone_digits"],
                name="lead_by_date",
            ),
        ),
        migrations.AddIndex(
            model_name="lead",
            index=models.Index(fields=["status", "-created_at", "-id"], name="lead_by_status"),
        ),
        migrations.AddIndex(
            model_name="lead",
            index=models.Index(
                fields=["status", "created_at", "id"], name="lead_by_status_reversed"
            ),
        ),
        migrations.AddIndex(
            model_name="lead",
            index=models.Index(fields=["last_name", "-created_at", "-id"], name="lead_by_name"),
        ),
        migrations.RunPython(trigram_indexes, drop_trigram_indexes),
    ]
