from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from leads.reminders import queue_due


class Command(BaseCommand):
    help = (
        "Queue one reminder mail for each person who asked about an intake, gave the contact "
        "consent (still in effect) and whose deadline is LEADS_REMINDER_DAYS days away or "
        "less. Never after the deadline, never twice for the same person and intake. The task "
        "worker sends them. Run once a day."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.LEADS_REMINDER_DAYS)

    def handle(self, *args, days, **options):
        queued = queue_due(timezone.localdate(), days)
        self.stdout.write(f"{queued} herinneringen in de wachtrij voor de worker.")
