from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from programmes.models import ImportRun
from programmes.ooapi.importer import run_import


class Command(BaseCommand):
    help = (
        "Import programmes, their intakes and cost lines from the school's OOAPI v5 endpoint "
        "(OOAPI_URL, with OOAPI_TOKEN and OOAPI_ORGANIZATION when set). Only dual and part-time "
        "programs are taken; the others are listed and skipped. Imported fields are overwritten "
        "unless an editor took them over; texts, images and everything else stay ours. A "
        "programme the source no longer lists is unpublished, never deleted. Every run is "
        "logged in the admin (Imports uit OOAPI); a run that cannot read the source changes "
        "nothing. --dry-run prints what would change and saves nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would change; save nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        if not settings.OOAPI_URL:
            raise CommandError(_("OOAPI_URL is niet gezet: er is geen bron om uit te lezen."))
        run = run_import(dry_run=dry_run)
        if dry_run:
            self.stdout.write(_("Proefrun: er is niets opgeslagen. Een echte import zou:"))
        for kind, text in run.lines:
            self.stdout.write(f"- {ImportRun.Kind(kind).label}: {text}")
        if run.status == ImportRun.Status.FAILED:
            raise CommandError(_("Import mislukt: %(reason)s") % {"reason": run.reason})
        self.stdout.write(
            _(
                "%(added)s toegevoegd, %(changed)s gewijzigd, %(unpublished)s niet meer "
                "gepubliceerd, %(skipped)s overgeslagen."
            )
            % {
                "added": run.added,
                "changed": run.changed,
                "unpublished": run.unpublished,
                "skipped": run.skipped,
            }
        )
