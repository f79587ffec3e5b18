"""One lead per mailbox: a key computed in Python replaces the database's lower()."""

from django.db import migrations, models

from leads.mailbox import NotAMailbox, mailbox_key


def fill_keys(apps, schema_editor):
    """Give every lead its mailbox key; leads that turn out to share a mailbox become one,
    the oldest, with all their submissions."""
    Lead = apps.get_model("leads", "Lead")
    Submission = apps.get_model("leads", "Submission")
    first_with = {}
    for lead in Lead.objects.order_by("created_at", "pk"):
        try:
            key = mailbox_key(lead.email)
        except NotAMailbox:
            key = lead.email.lower()
        if key in first_with:
            Submission.objects.filter(lead=lead).update(lead=first_with[key])
            lead.delete()
            continue
        first_with[key] = lead
        Lead.objects.filter(pk=lead.pk).update(email_key=key)


class Migration(migrations.Migration):
    dependencies = [("leads", "0003_mail_attempts")]

    operations = [
        migrations.RemoveConstraint(model_name="lead", name="one_lead_per_email"),
        migrations.AddField(
            model_name="lead",
            name="email_key",
            field=models.CharField(default="", editable=False, max_length=254),
            preserve_default=False,
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="lead",
            constraint=models.UniqueConstraint(fields=["email_key"], name="one_lead_per_mailbox"),
        ),
    ]
