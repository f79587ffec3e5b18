# The outbox's table: every mail of every app, with how sending went (see leads/outbox.py).

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('leads', '0012_merge_0010_reminder_0011_experiments'),
    ]

    operations = [
        migrations.CreateModel(
            name='Mail',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(max_length=100, verbose_name='soort')),
                ('object_id', models.PositiveBigIntegerField(verbose_name='over id')),
                ('status', models.CharField(choices=[('pending', 'Nog niet verstuurd'), ('sent', 'Verstuurd'), ('failed', 'Mislukt'), ('refused', 'Geweigerd door de mailserver'), ('dropped', 'Niet meer verstuurd')], default='pending', max_length=10, verbose_name='status')),
                ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='pogingen')),
                ('note', models.CharField(blank=True, help_text='Wat de mailserver antwoordde, of waarom de mail niet meer ging.', max_length=500, verbose_name='fout of reden')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='in de wachtrij')),
                ('attempted_at', models.DateTimeField(blank=True, null=True, verbose_name='laatste poging')),
                ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='verstuurd')),
            ],
            options={
                'verbose_name': 'mail',
                'verbose_name_plural': 'mails',
                'ordering': ['-created_at'],
            },
        ),
        migrations.AddIndex(
            model_name='mail',
            index=models.Index(condition=models.Q(('status', 'pending')), fields=['created_at'], name='pending_mail'),
        ),
        migrations.AddConstraint(
            model_name='mail',
            constraint=models.UniqueConstraint(fields=('kind', 'object_id'), name='one_mail_per_object'),
        ),
    ]
