# The mail state of submissions and reminders lives in the outbox now (0014 copied it there).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('leads', '0014_mail_from_submissions_and_reminders'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='submission',
            name='unsent_mail',
        ),
        migrations.RemoveField(
            model_name='reminder',
            name='mail_attempts',
        ),
        migrations.RemoveField(
            model_name='reminder',
            name='mail_status',
        ),
        migrations.RemoveField(
            model_name='reminder',
            name='sent_at',
        ),
        migrations.RemoveField(
            model_name='submission',
            name='mail_attempts',
        ),
        migrations.RemoveField(
            model_name='submission',
            name='mail_error',
        ),
        migrations.RemoveField(
            model_name='submission',
            name='mail_status',
        ),
    ]
