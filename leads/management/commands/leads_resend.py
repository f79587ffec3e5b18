from django.core.management.base import BaseCommand

from leads import tasks
from leads.models import Submission


class Command(BaseCommand):
    help = (
        "Queue the confirmation mail again for every submission whose mail failed after all "
        "its attempts (for example because the mail server was down for a day). The task "
        "worker sends them. Mails that were sent or refused by the server are never queued."
    )

    def handle(self, *args, **options):
        failed = Submission.objects.filter(mail_status=Submission.MailStatus.FAILED)
        ids = list(failed.values_list("pk", flat=True))
        failed.update(mail_status=Submission.MailStatus.PENDING, mail_attempts=0)
        for submission_id in ids:
            tasks.send_confirmation.enqueue(submission_id)
        self.stdout.write(f"{len(ids)} bevestigingen opnieuw in de wachtrij voor de worker.")
