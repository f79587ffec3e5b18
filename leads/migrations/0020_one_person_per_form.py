from django.db import migrations, models


def mark_later_ones_as_corrections(apps, schema_editor):
    """Before the constraint: a form sent at the same moment for several people made several
    first submissions; the later ones become corrections of the first, as they are now kept."""
    Submission = apps.get_model("leads", "Submission")
    originals = Submission.objects.filter(corrects=None).exclude(form_token="")
    tokens = (
        originals.values("form_token")
        .annotate(n=models.Count("pk"))
        .filter(n__gt=1)
        .values_list("form_token", flat=True)
    )
    for token in tokens:
        first, *later = originals.filter(form_token=token).order_by("created_at", "pk")
        Submission.objects.filter(pk__in=[s.pk for s in later]).update(corrects=first)


class Migration(migrations.Migration):
    dependencies = [("leads", "0019_merge_mail_states_and_admin_log")]

    operations = [
        migrations.RunPython(mark_later_ones_as_corrections, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="submission",
            constraint=models.UniqueConstraint(
                condition=models.Q(("corrects", None), models.Q(("form_token", ""), _negated=True)),
                fields=("form_token",),
                name="one_person_per_form",
            ),
        ),
    ]
