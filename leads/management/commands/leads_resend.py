from django.core.management.base import BaseCommand

from leads.models import Submission


class Command(BaseCommand):
    help = (
        "Send the confirmation mail again for every submission whose mail failed (for example "
        "because the mail server was down). Submissions whose mail was sent are never mailed "
        "twice. A mail that fails again stays marked as failed, with the new error."
    )

    def handle(self, *args, **options):
        failed = Submission.objects.filter(mail_status=Submission.MailStatus.FAILED)
        sent = 0
        total = 0
        for submission in failed.select_related("lead", "tone", "event").order_by("pk"):
            total += 1
            if submission.send_confirmation():
                sent += 1
        self.stdout.write(f"{sent} van {total} bevestigingen verstuurd, {total - sent} mislukt.")
