from django.core.management.base import BaseCommand

from employers.digests import send_digests


class Command(BaseCommand):
    help = (
        "Queue the weekly digest of every confirmed alert for new werkplekken whose last "
        "digest went 7 or more days ago (or never) and for which places appeared that fit its "
        "search and that the person has not seen yet; one mail per alert, sent by the task "
        "worker. Unconfirmed alerts get nothing. Safe to run any number of times a day: an "
        "alert gets at most one digest a week."
    )

    def handle(self, *args, **options):
        queued = send_digests()
        self.stdout.write(f"{queued} mails met nieuwe werkplekken in de wachtrij voor de worker.")
