# The funnel's rows moved to the results app; their tables stay where they are.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("leads", "0012_merge_0010_reminder_0011_experiments"),
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
