import datetime
import json
import logging

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.utils import timezone

from leads import privacy
from leads.models import Lead, PrivacyAudit

audit = logging.getLogger("leads.privacy")


class Command(BaseCommand):
    help = (
        "AVG duties. 'privacy export <email>' prints everything stored about that person as "
        "JSON. 'privacy erase <email>' deletes their lead with all submissions and consents, "
        "the admin's history of them, their sessions and searches for them in the export log, "
        "and records that an erasure happened (not who). 'privacy purge [--dry-run]' deletes "
        "every lead whose latest contact is more than LEADS_RETENTION_DAYS ago (now "
        f"{settings.LEADS_RETENTION_DAYS}), except people with status 'ingeschreven'; "
        "--dry-run only prints what it would delete. Each run writes an audit line."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("export").add_argument("email")
        actions.add_parser("erase").add_argument("email")
        actions.add_parser("purge").add_argument("--dry-run", action="store_true")

    def handle(self, *args, action, **options):
        getattr(self, action)(**options)

    def record(self, action, count, detail=""):
        PrivacyAudit.objects.create(action=action, lead_count=count, detail=detail)
        audit.info("privacy %s: %s lead(s) %s", action, count, detail)

    def export(self, email, **options):
        lead = (
            Lead.objects.for_email(email)
            .prefetch_related("submissions__programmes", "submissions__consents")
            .first()
        )
        if lead is None:
            raise CommandError("Geen lead met dit e-mailadres.")
        self.stdout.write(
            json.dumps(privacy.describe(lead), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
        )
        self.record(PrivacyAudit.Action.EXPORT, 1)

    def erase(self, email, **options):
        with transaction.atomic():
            deleted = privacy.erase(Lead.objects.for_email(email))
            self.record(PrivacyAudit.Action.ERASE, deleted, "op verzoek van de betrokkene")
        if not deleted:
            raise CommandError("Geen lead met dit e-mailadres; er is niets verwijderd.")
        self.stdout.write(f"Verwijderd: {deleted} lead met alle inzendingen en toestemmingen.")

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
            return
        with transaction.atomic():
            privacy.erase(Lead.objects.filter(pk__in=ids))
            self.record(
                PrivacyAudit.Action.PURGE, len(ids), f"laatste contact voor {cutoff:%Y-%m-%d}"
            )
        self.stdout.write(
            f"Verwijderd: {len(ids)} leads met laatste contact voor {cutoff:%Y-%m-%d}."
        )
