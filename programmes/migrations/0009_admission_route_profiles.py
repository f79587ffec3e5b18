# Which havo and vwo profiles give direct access to a programme: staff tick them per route.

import programmes.models.admission_rules
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('programmes', '0008_admission_right_until_inclusive'),
    ]

    operations = [
        migrations.AddField(
            model_name='admissionroute',
            name='profiles',
            field=programmes.models.admission_rules.ProfilesField(blank=True, default=list, help_text='Alleen bij havo of vwo: de profielen die direct toegang geven. Niets aangevinkt: elk profiel.', verbose_name='profielen'),
        ),
        migrations.AlterField(
            model_name='admissionroute',
            name='conditions',
            field=models.CharField(blank=True, help_text='In één zin, bijvoorbeeld wat wie een ander profiel had nog moet doen (een vak of deficiëntietoets).', max_length=300, verbose_name='extra voorwaarden'),
        ),
    ]
