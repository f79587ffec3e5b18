from django.core.management.base import BaseCommand

from mkbroute import tasks


class Command(BaseCommand):
    help = (
        "Run the daily steps now, as the task worker does each morning at 06:00: ask employers "
        "whether places confirmed 30 or more days ago are still open, take places off the "
        "site whose question went unanswered for 14 days, remind employers who did not answer "
        "an introduction in 5 working days and put those unanswered after 10 back on "
        "admissions' worklist. Safe to run any time: what was done is not done again. The "
        "mails go through the task worker."
    )

    def handle(self, *args, **options):
        total = 0
        for path, counts in tasks.run_daily_steps():
            for what, number in counts.items():
                self.stdout.write(f"{path}: {what}: {number}")
                total += number
        self.stdout.write(f"Klaar: {total} in totaal.")
