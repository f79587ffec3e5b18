"""A werkplek keeps the programmes and intakes it names (on_delete=PROTECT): communications
archive or unpublish them instead.

The many-to-many fields get a model of their own on the tables Django made for them, kept row
for row: only Django's picture changes, nothing in SQLite or PostgreSQL.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('employers', '0004_admin_log_by_id'),
        ('programmes', '0007_intake_archived'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='WerkplekIntake',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('intake', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='programmes.intake')),
                        ('werkplek', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='employers.werkplek')),
                    ],
                    options={
                        'verbose_name': 'instroommoment van een werkplek',
                        'verbose_name_plural': 'instroommomenten van werkplekken',
                        'db_table': 'employers_werkplek_intakes',
                        'unique_together': {('werkplek', 'intake')},
                    },
                ),
                migrations.AlterField(
                    model_name='werkplek',
                    name='intakes',
                    field=models.ManyToManyField(blank=True, help_text='Leeg: bij elk instroommoment van de opleidingen.', related_name='+', through='employers.WerkplekIntake', to='programmes.intake', verbose_name='kan starten bij'),
                ),
                migrations.CreateModel(
                    name='WerkplekProgramme',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('programme', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='programmes.programme')),
                        ('werkplek', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='employers.werkplek')),
                    ],
                    options={
                        'verbose_name': 'opleiding van een werkplek',
                        'verbose_name_plural': 'opleidingen van werkplekken',
                        'db_table': 'employers_werkplek_programmes',
                        'unique_together': {('werkplek', 'programme')},
                    },
                ),
                migrations.AlterField(
                    model_name='werkplek',
                    name='programmes',
                    field=models.ManyToManyField(related_name='+', through='employers.WerkplekProgramme', to='programmes.programme', verbose_name='past bij de opleidingen'),
                ),
            ],
        ),
    ]
