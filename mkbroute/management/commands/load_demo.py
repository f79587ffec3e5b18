from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from employers import demo as employer_demo
from leads import demo as lead_demo
from personas import demo as persona_demo
from programmes import demo as programme_demo

DEMO_ADMIN = ("admin", "mkbroute-demo")


class Command(BaseCommand):
    help = (
        "Fill the database with realistic Dutch demo content: programmes with intakes and "
        "drawn images, upcoming events, tones with their vocabulary, target groups, personas, "
        "benefits, stories, channels, the communication matrix, synthetic leads (fake "
        "people at example.org) up to --leads, and mkb employers with open werkplekken. "
        "Safe to run again: it "
        "updates what it made before by slug and adds nothing twice. With DEBUG on it also "
        "creates the superuser "
        f"'{DEMO_ADMIN[0]}' (password '{DEMO_ADMIN[1]}') if it does not exist yet."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--leads", type=int, default=300, help="How many demo leads there should be (300)."
        )

    def handle(self, *args, **options):
        if options["leads"] < 0:
            raise CommandError("--leads kan niet negatief zijn.")
        with transaction.atomic():
            programmes = programme_demo.load(self.stdout)
            persona_demo.load(self.stdout, programmes)
            lead_demo.load(self.stdout, options["leads"])
            employer_demo.load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo-inhoud staat klaar."))
        self.create_admin()  # last, so the login is the last thing `make run` shows

    def create_admin(self):
        if not settings.DEBUG:
            self.stdout.write("Geen demo-beheerder aangemaakt: DJANGO_DEBUG staat uit.")
            return
        username, password = DEMO_ADMIN
        User = get_user_model()
        if not User.objects.filter(username=username).exists():
            User.objects.create_superuser(username, "admin@example.org", password)
        self.stdout.write(
            self.style.MIGRATE_HEADING(
                f"Beheer: {settings.SITE_URL}/admin/  gebruiker {username}, wachtwoord {password}"
            )
        )
