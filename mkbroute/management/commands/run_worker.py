import contextlib
import logging
import time

from django.core.management.base import CommandError
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django_tasks_db.management.commands import db_worker

from mkbroute import tasks
from programmes import tasks as catalogue_tasks

logger = logging.getLogger(__name__)

# Seconds between tries while the database is away: doubling from the first to the last.
FIRST_DELAY, LAST_DELAY = 1, 60


class Command(db_worker.Command):
    help = (
        "Run the task worker that sends the outbox's mails and folds the funnel: django_tasks_db's "
        "db_worker, with the same options, that outlives a database outage (it waits, trying "
        "again after 1, 2, 4 ... up to 60 seconds, instead of exiting) and looks after what a "
        "killed worker left: at its start and every five minutes, tasks left running are "
        "queued again and mails left in their SMTP transaction are marked unknown (see "
        "leads/outbox.py). It also starts the daily chain (mkbroute/tasks.py: freshness of "
        "werkplekken, reminders about introductions) at 06:00 each day. Does not reload on "
        "code changes: restart it."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(reload=False)

    def handle(self, *args, **options):
        if options["reload"]:
            raise CommandError("run_worker does not reload; use db_worker --reload for that.")
        self.configure_logging(options["verbosity"])
        delay = FIRST_DELAY
        while True:
            started = time.monotonic()
            try:
                tasks.look_after()
                tasks.schedule_upkeep()
                tasks.schedule_daily()
                catalogue_tasks.schedule_import()  # only when OOAPI_URL is set
                # Returns when its batch is done or it was told to stop; raises when the
                # database goes away under it.
                return super().handle(*args, **options)
            except (OperationalError, InterfaceError) as error:
                if time.monotonic() - started > LAST_DELAY:
                    delay = FIRST_DELAY  # it ran a good while: this is a new outage
                logger.warning(
                    "database unreachable (%s): trying again in %s s", type(error).__name__, delay
                )
                with contextlib.suppress(DatabaseError):  # what is broken may fail to close
                    connections.close_all()
                time.sleep(delay)
                delay = min(2 * delay, LAST_DELAY)
