"""The AVG duties over every app: export, erase and purge a person's data, with an audit line."""

import datetime
import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.utils import timezone

from employers.alerts import RETENTION_DAYS, UNCONFIRMED_DAYS
from employers.privacy import describe_introductions
from leads import privacy
from leads.models import Lead, PrivacyAudit
from mkbroute.privacy import HOLDERS, erase_person, record


class Command(BaseCommand):
    help = (
        "AVG duties. 'privacy export <email>' prints everything stored about that person as "
        "JSON, with their introductions to werkplekken and the history of their data. "
        "'privacy erase <email>' deletes their lead with all submissions, consents, "
        "reminders, introductions and replies, the outbox's mails about those, the admin's "
        "history of all of it, their sessions and searches for them in the export log, and "
        "records that an erasure happened (not who). 'privacy purge [--dry-run]' deletes "
        "every lead whose latest contact is more than LEADS_RETENTION_DAYS ago (now "
        f"{settings.LEADS_RETENTION_DAYS}), except people with status 'ingeschreven', "
        "and alerts for new werkplekken unconfirmed after "
        f"{UNCONFIRMED_DAYS} days or confirmed more than {RETENTION_DAYS} days ago; export "
        "and erase cover a person's alerts too; "
        "--dry-run only prints what it would delete. Each run writes an audit line."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("export").add_argument("email")
        actions.add_parser("erase").add_argument("email")
        actions.add_parser("purge").add_argument("--dry-run", action="store_true")

    def handle(self, *args, action, **options):
        getattr(self, action)(**options)

    def export(self, email, **options):
        lead = (
            Lead.objects.for_email(email)
            .prefetch_related("submissions__programmes", "submissions__consents")
            .first()
        )
        held = {}
        if lead is not None:
            held = {**privacy.describe(lead), "introductions": describe_introductions(lead)}
        for holder in HOLDERS:
            if (data := holder.describe(email)) is not None:
                held[holder.name] = data
        if not held:
            raise CommandError("Niets bewaard over dit e-mailadres.")
        self.stdout.write(json.dumps(held, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False))
        record(PrivacyAudit.Action.EXPORT, 1)

    def erase(self, email, **options):
        deleted, others = erase_person(email)
        if not deleted and not any(others.values()):
            raise CommandError("Niets bewaard over dit e-mailadres; er is niets verwijderd.")
        self.stdout.write(f"Verwijderd: {deleted} lead met alle inzendingen en toestemmingen.")
        for name, count in others.items():
            if count:
                self.stdout.write(f"Verwijderd: {count} {name}.")

    def purge(self, dry_run=False, **options):
        cutoff = timezone.now() - datetime.timedelta(days=settings.LEADS_RETENTION_DAYS)
        expired = (
            Lead.objects.exclude(status=Lead.Status.ENROLLED)
            .annotate(last_contact=Coalesce(Max("submissions__created_at"), "created_at"))
            .filter(last_contact__lt=cutoff)
        )
        ids = list(expired.values_list("pk", flat=True))
        if dry_run:
            self.stdout.write(
                f"Zou verwijderen: {len(ids)} leads met laatste contact voor "
                f"{cutoff:%Y-%m-%d} (proefdraai, niets verwijderd)."
            )
            for holder in HOLDERS:
                self.stdout.write(
                    f"Zou verwijderen: {holder.purge(cutoff, dry_run=True)} {holder.name}."
                )
            return
        with transaction.atomic():
            privacy.erase(Lead.objects.filter(pk__in=ids))
            others = {holder.name: holder.purge(cutoff) for holder in HOLDERS}
            record(PrivacyAudit.Action.PURGE, len(ids), f"laatste contact voor {cutoff:%Y-%m-%d}")
        self.stdout.write(
            f"Verwijderd: {len(ids)} leads met laatste contact voor {cutoff:%Y-%m-%d}."
        )
        for name, count in others.items():
            self.stdout.write(f"Verwijderd: {count} {name}.")
