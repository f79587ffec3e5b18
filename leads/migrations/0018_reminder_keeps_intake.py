# Reminders keep the intake they are about: an intake is archived, not deleted.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('leads', '0017_admin_log_by_id'),
        ('programmes', '0007_intake_archived'),
    ]

    operations = [
        migrations.AlterField(
            model_name='reminder',
            name='intake',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reminders', to='programmes.intake', verbose_name='instroommoment'),
        ),
    ]
