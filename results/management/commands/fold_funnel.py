from django.core.management.base import BaseCommand

from results import funnel, tasks


class Command(BaseCommand):
    help = (
        "Fold the funnel's closed hours (visits and lead-form views counted in the shared "
        "cache) into daily rows; with --schedule, instead queue the task that does so every "
        "hour for the task worker, unless it is queued already."
    )

    def add_arguments(self, parser):
        parser.add_argument("--schedule", action="store_true", help="queue the hourly task")

    def handle(self, *args, schedule=False, **options):
        if schedule:
            tasks.schedule_funnel_fold()
            self.stdout.write("Het samenvoegen van de trechter staat in de wachtrij.")
            return
        hours = funnel.fold()
        self.stdout.write(f"{hours} uur samengevoegd in de trechter.")
