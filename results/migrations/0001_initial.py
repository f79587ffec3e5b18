# The funnel's rows, moved here from the leads app: the tables (leads_funnelday,
# leads_foldedhour) stay as they are, only Django's idea of who owns them changes. A fold
# already queued under its old task path is moved along, so the hourly chain goes on.

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

OLD_TASK, NEW_TASK = "leads.tasks.fold_funnel", "results.tasks.fold_funnel"


def move_queued_fold(apps, schema_editor, old=OLD_TASK, new=NEW_TASK):
    results = apps.get_model("django_tasks_database", "DBTaskResult")
    results.objects.filter(task_path=old).update(task_path=new)


def move_queued_fold_back(apps, schema_editor):
    move_queued_fold(apps, schema_editor, old=NEW_TASK, new=OLD_TASK)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("leads", "0016_funnel_to_results"),
        ("personas", "0004_archived"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="FoldedHour",
                    fields=[
                        ("hour", models.PositiveIntegerField(primary_key=True, serialize=False)),
                        ("folded_at", models.DateTimeField(default=django.utils.timezone.now)),
                    ],
                    options={"db_table": "leads_foldedhour"},
                ),
                migrations.CreateModel(
                    name="FunnelDay",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("day", models.DateField(db_index=True, verbose_name="datum")),
                        ("path", models.CharField(max_length=200, verbose_name="pagina")),
                        ("tone", models.CharField(blank=True, max_length=50, verbose_name="toon")),
                        (
                            "visits",
                            models.PositiveIntegerField(default=0, verbose_name="bezoeken"),
                        ),
                        (
                            "form_views",
                            models.PositiveIntegerField(
                                default=0, verbose_name="formulierweergaven"
                            ),
                        ),
                        (
                            "channel",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="personas.channel",
                                verbose_name="kanaal",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "dag van de trechter",
                        "verbose_name_plural": "dagen van de trechter",
                        "ordering": ["day", "path"],
                        "db_table": "leads_funnelday",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_queued_fold, move_queued_fold_back),
    ]
