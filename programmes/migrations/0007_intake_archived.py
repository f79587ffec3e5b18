# An intake no longer offered is archived: reminders and werkplekken keep pointing at it.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('programmes', '0006_supervisor_is_praktijkopleider'),
    ]

    operations = [
        migrations.AddField(
            model_name='intake',
            name='archived',
            field=models.BooleanField(default=False, help_text='Niet meer op de site, in formulieren en herinneringen.', verbose_name='gearchiveerd'),
        ),
    ]
