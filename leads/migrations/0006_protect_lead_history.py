"""Content that submissions refer to can no longer be deleted (on_delete=PROTECT).

Django applies on_delete itself, so the database schema stays as it is. The programmes a
submission names get a model of their own for the same reason: the table Django made for the
many-to-many field is kept, row for row, and only Django's picture of it changes.
"""

import django.db.models.deletion
from django.db import migrations, models


def protected(to, related_name, verbose_name):
    return models.ForeignKey(
        blank=True,
        null=True,
        on_delete=django.db.models.deletion.PROTECT,
        related_name=related_name,
        to=to,
        verbose_name=verbose_name,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("leads", "0005_consent_confirmation_and_corrections"),
        ("personas", "0003_alter_persona_cta_button_alter_persona_cta_title_and_more"),
        ("programmes", "0003_alter_programme_body_alter_programme_order_and_more"),
    ]

    operations = [
        migrations.AlterField(
            model_name="submission",
            name="channel",
            field=protected("personas.channel", "submissions", "kanaal"),
        ),
        migrations.AlterField(
            model_name="submission",
            name="event",
            field=protected("programmes.event", "signups", "activiteit"),
        ),
        migrations.AlterField(
            model_name="submission",
            name="persona",
            field=protected("personas.persona", "submissions", "persona"),
        ),
        migrations.AlterField(
            model_name="submission",
            name="target_group",
            field=protected("personas.targetgroup", "submissions", "doelgroep"),
        ),
        migrations.AlterField(
            model_name="submission",
            name="tone",
            field=protected("personas.tone", "submissions", "toon"),
        ),
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="SubmissionProgramme",
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
                        (
                            "programme",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="programmes.programme",
                            ),
                        ),
                        (
                            "submission",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to="leads.submission",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "opleiding van een inzending",
                        "verbose_name_plural": "opleidingen van inzendingen",
                        "db_table": "leads_submission_programmes",
                        "unique_together": {("submission", "programme")},
                    },
                ),
                migrations.AlterField(
                    model_name="submission",
                    name="programmes",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="submissions",
                        through="leads.SubmissionProgramme",
                        to="programmes.programme",
                        verbose_name="opleidingen",
                    ),
                ),
            ],
        ),
    ]
