# A mail records "sending" before its SMTP transaction and can end "unknown" (issue 22).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("leads", "0016_funnel_to_results"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="mail",
            name="pending_mail",
        ),
        migrations.AlterField(
            model_name="mail",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "Nog niet verstuurd"),
                    ("sending", "Wordt nu verstuurd"),
                    ("sent", "Verstuurd"),
                    ("unknown", "Misschien verstuurd (niet opnieuw geprobeerd)"),
                    ("failed", "Mislukt"),
                    ("refused", "Geweigerd door de mailserver"),
                    ("dropped", "Niet meer verstuurd"),
                ],
                default="pending",
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.AddIndex(
            model_name="mail",
            index=models.Index(
                condition=models.Q(("status__in", ["pending", "sending"])),
                fields=["created_at"],
                name="pending_mail",
            ),
        ),
        migrations.AddIndex(
            model_name="mail",
            index=models.Index(
                condition=models.Q(("status", "unknown")),
                fields=["created_at"],
                name="unknown_mail",
            ),
        ),
    ]
