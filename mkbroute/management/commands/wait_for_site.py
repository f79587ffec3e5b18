import time
import urllib.error
import urllib.request

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Wait until URL answers (any HTTP status), at most --timeout seconds (60); exit with "
        "an error if it never does. `make run` says the site runs only after this."
    )

    def add_arguments(self, parser):
        parser.add_argument("url")
        parser.add_argument("--timeout", type=float, default=60)

    def handle(self, *args, url, timeout, **options):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(url, timeout=2).close()
                return
            except urllib.error.HTTPError:
                return  # it answers, if not with 200: the site runs
            except OSError:
                time.sleep(0.2)
        raise CommandError(f"{url} antwoordt niet na {timeout:.0f} seconden.")
