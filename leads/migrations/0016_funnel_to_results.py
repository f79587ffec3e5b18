# The funnel's rows moved to the results app; their tables stay where they are.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("leads", "0015_remove_mail_fields"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="FunnelDay"),
                migrations.DeleteModel(name="FoldedHour"),
            ],
            database_operations=[],
        ),
    ]
