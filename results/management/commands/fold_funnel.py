from django.core.management.base import BaseCommand

from results import funnel, lead_days, tasks


class Command(BaseCommand):
    help = (
        "Fold the funnel's closed hours (visits and lead-form views counted in the shared "
        "cache) into daily rows, and the leads into the daily rows of the results page; with "
        "--schedule, instead queue the task that does so every hour for the task worker, "
        "unless it is queued already."
    )

    def add_arguments(self, parser):
        parser.add_argument("--schedule", action="store_true", help="queue the hourly task")

    def handle(self, *args, schedule=False, **options):
        if schedule:
            tasks.schedule_funnel_fold()
            self.stdout.write("Het samenvoegen van de trechter staat in de wachtrij.")
            return
        hours = funnel.fold()
        days = lead_days.fold()
        anew = "alle dagen" if days is None else f"{len(days)} dagen"
        self.stdout.write(f"{hours} uur samengevoegd in de trechter; leads: {anew} opnieuw geteld.")
