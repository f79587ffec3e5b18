from django.core.management.base import BaseCommand

from leads import mails, outbox


class Command(BaseCommand):
    help = (
        "Queue every mail again that failed after all its attempts (for example because the "
        "mail server was down for a day): confirmations, notes to admissions, reminders and "
        "the mails to and about employers. The task worker sends them, each written anew: one "
        "that should no longer go (a reminder after its deadline, a person erased) is dropped "
        "then. Mails that were sent, refused by the server or dropped are never queued. With "
        "--unknown, instead the mails whose SMTP transaction ended without an answer (a worker "
        "killed while sending, a connection that broke): the server may have accepted them, "
        "so each may arrive twice; ask first whether they arrived."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--unknown", action="store_true", help="queue the mails that may have been sent"
        )

    def handle(self, *args, unknown=False, **options):
        queued = outbox.resend(unknown=unknown)
        confirmations = queued.pop(outbox.kind_of(mails.confirmation), 0)
        self.stdout.write(f"{confirmations} bevestigingen opnieuw in de wachtrij voor de worker.")
        if queued:
            self.stdout.write(f"{queued.total()} andere mails opnieuw in de wachtrij.")
