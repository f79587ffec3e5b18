from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from mkbroute import demo_users


class Command(BaseCommand):
    help = (
        "Print the current second-factor code of a demo user (admin, communicatie, "
        "toelating), as their authenticator app would show it. Only with DEBUG on: the demo "
        "users exist only there."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        if not settings.DEBUG:
            raise CommandError("Alleen voor de demo: DJANGO_DEBUG staat uit.")
        code = demo_users.current_code(username)
        if code is None:
            known = ", ".join(demo_users.USERS)
            raise CommandError(f"Geen demogebruiker '{username}'. Kies uit: {known}.")
        self.stdout.write(code)
