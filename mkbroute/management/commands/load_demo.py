from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from employers import demo as employer_demo
from leads import demo as lead_demo
from mkbroute import demo_users
from personas import demo as persona_demo
from programmes import demo as programme_demo
from programmes.models import Programme
from results import lead_days


class Command(BaseCommand):
    help = (
        "Fill an empty database with realistic Dutch demo content: programmes with intakes "
        "and drawn images, upcoming events, tones with their vocabulary, target groups, "
        "personas, benefits, stories, channels with the rules that give campaign links their "
        "channel, the communication matrix, synthetic leads "
        "(fake people at example.org) up to --leads, and mkb employers with open werkplekken. "
        "A database that has content already keeps it as it is (only demo leads are topped "
        "up), so that running it again never undoes an edit; --reset empties the database "
        "first and starts over. With DEBUG on it also makes the demo users admin, "
        f"communicatie and toelating (password '{demo_users.PASSWORD}'), each with an "
        "authenticator app whose secret it prints."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--leads", type=int, default=300, help="How many demo leads there should be (300)."
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Empty the database (content, leads, users) and load the demo anew.",
        )

    def handle(self, *args, **options):
        if options["leads"] < 0:
            raise CommandError("--leads kan niet negatief zijn.")
        if options["reset"]:
            call_command("flush", interactive=False, verbosity=0)
            self.stdout.write("De database is leeggemaakt.")
        with transaction.atomic():
            if Programme.objects.exists():
                self.stdout.write(
                    "Er staat al inhoud in de database: niets aangepast, zodat geen bewerking "
                    "verloren gaat. Opnieuw beginnen: manage.py load_demo --reset"
                )
            else:
                programmes = programme_demo.load(self.stdout)
                persona_demo.load(self.stdout, programmes)
                lead_demo.load_channel_rules(self.stdout)
                employer_demo.load(self.stdout)
            # Demo leads are made, never edited: topping them up to --leads undoes nothing.
            lead_demo.load(self.stdout, options["leads"])
            lead_days.fold()  # the results page has them at once, not after the worker's fold
        self.stdout.write(self.style.SUCCESS("Demo-inhoud staat klaar."))
        self.create_users()  # last, so the login is the last thing `make run` shows

    def create_users(self):
        if not settings.DEBUG:
            self.stdout.write("Geen demogebruikers aangemaakt: DJANGO_DEBUG staat uit.")
            return
        heading = self.style.MIGRATE_HEADING
        self.stdout.write(heading(f"Beheer: {settings.SITE_URL}/admin/"))
        for username, role, secret in demo_users.create():
            self.stdout.write(
                f"  {username:<13} wachtwoord {demo_users.PASSWORD}  code: make code "
                f"USER={username}  (of sleutel {secret} in een authenticator-app)  {role}"
            )
