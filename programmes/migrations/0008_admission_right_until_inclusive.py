# The day that keeps the right to admission is stored as the last day itself, "tot en met":
# applying in Studielink on 1 May still counts. The old field held the first day without it.

import datetime

from django.db import migrations, models

# The statutory day (1 May) was entered as itself and read one day too early: it stays. Any
# other day was entered under the label "aanmelden vóór", so its last day is the day before.
STATUTORY = (5, 1)


def to_last_day(apps, schema_editor):
    Intake = apps.get_model("programmes", "Intake")
    for intake in Intake.objects.exclude(admission_right_until=None):
        day = intake.admission_right_until
        if (day.month, day.day) != STATUTORY:
            intake.admission_right_until = day - datetime.timedelta(days=1)
            intake.save(update_fields=["admission_right_until"])


def to_first_day_without(apps, schema_editor):
    Intake = apps.get_model("programmes", "Intake")
    for intake in Intake.objects.exclude(admission_right_until=None):
        day = intake.admission_right_until
        if (day.month, day.day) != STATUTORY:
            intake.admission_right_until = day + datetime.timedelta(days=1)
            intake.save(update_fields=["admission_right_until"])


class Migration(migrations.Migration):

    dependencies = [
        ('programmes', '0007_intake_archived'),
    ]

    operations = [
        migrations.RenameField(
            model_name='intake',
            old_name='guaranteed_before',
            new_name='admission_right_until',
        ),
        migrations.AlterField(
            model_name='intake',
            name='admission_right_until',
            field=models.DateField(blank=True, help_text="De laatste dag, zelf meegeteld, waarop aanmelden in Studielink recht geeft op toelating (wie aan de toelatingseisen voldoet) en op een studiekeuzecheck. Voor een start in september is dat 1 mei. Wie later aanmeldt, wordt toegelaten als het nog kan. Leeg: geen zo'n datum.", null=True, verbose_name='recht op toelating bij aanmelden tot en met'),
        ),
        migrations.AlterField(
            model_name='intake',
            name='application_deadline',
            field=models.DateField(help_text='De laatste dag, zelf meegeteld, om in Studielink aan te melden.', verbose_name='aanmelden tot en met'),
        ),
        migrations.RunPython(to_last_day, to_first_day_without),
    ]
