"""What the catalogue takes from the school's OOAPI source: who owns which field of a programme,
the source's ids on intakes and cost lines, and the log of each import (programmes/ooapi/)."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..ooapi.mapping import PROGRAMME_FIELDS


class ProgrammeSource(models.Model):
    """A programme's link to its OOAPI program and who owns each field the source fills.

    A field in PROGRAMME_FIELDS belongs to the source: each import writes it, and the admin
    shows it read-only. An editor can take one over (`source_own`): then the import leaves our
    value and only notes the source's; when the source's value moves away from the one the
    editor last saw, the admin offers the change to accept.
    """

    source_id = models.CharField(
        _("id in OOAPI"), max_length=100, unique=True, null=True, blank=True, editable=False
    )
    # The source's value of each field in PROGRAMME_FIELDS, as the last import read it.
    source_values = models.JSONField(default=dict, blank=True, editable=False)
    # The fields an editor took over: {field: the source's value when they last looked}.
    source_own = models.JSONField(default=dict, blank=True, editable=False)
    source_changed_at = models.DateTimeField(
        _("bijgewerkt uit OOAPI op"), null=True, blank=True, editable=False
    )
    # Set when an import unpublished the programme because the source no longer lists it: if it
    # comes back, the import publishes it again (an editor's own unpublishing it never undoes).
    source_withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    school_url = models.URLField(
        _("pagina bij de hogeschool"),
        max_length=2048,
        blank=True,
        help_text=_("De pagina van de opleiding op de site van de hogeschool."),
    )
    studielink_url = models.URLField(
        _("aanmelden in Studielink"),
        max_length=2048,
        blank=True,
        help_text=_(
            "Waar een aanmelder zich voor deze opleiding aanmeldt. Leeg: de startpagina van "
            "Studielink."
        ),
    )

    class Meta:
        abstract = True

    @property
    def from_source(self):
        return self.source_id is not None

    @property
    def apply_url(self):
        """Where an applicant applies: this programme's page in Studielink, else Studielink."""
        return self.studielink_url or settings.STUDIELINK_URL

    def json_ld_identity(self):
        """The programme's CROHO code (when known) and where to apply, for its JSON-LD."""
        data = {
            "potentialAction": {
                "@type": "ApplyAction",
                "name": "Aanmelden in Studielink",
                "target": self.apply_url,
            }
        }
        if self.croho_code:
            data["identifier"] = {
                "@type": "PropertyValue",
                "propertyID": "CROHO",
                "value": self.croho_code,
            }
        return data

    def owned_by_source(self, name):
        """Whether the import writes this field (it is imported and no editor took it over)."""
        return self.from_source and name in PROGRAMME_FIELDS and name not in self.source_own

    def changes_to_accept(self):
        """The fields an editor took over whose source value changed since they last looked,
        as (field name, our value, the source's value)."""
        return [
            (name, getattr(self, name), self.source_values[name])
            for name, seen in self.source_own.items()
            if name in self.source_values
            and self.source_values[name] not in (seen, getattr(self, name))
        ]

    def take_over(self, name):
        self.source_own[name] = self.source_values.get(name, getattr(self, name))

    def keep_ours(self, name):
        """The editor saw the source's change and keeps our value."""
        self.source_own[name] = self.source_values.get(name)

    def hand_back(self, name):
        """The field is the source's again, with the source's value from now on."""
        self.source_own.pop(name, None)
        if name in self.source_values:
            setattr(self, name, self.source_values[name])


class IntakeSource(models.Model):
    """An intake's OOAPI offering and what only the source says about it."""

    source_id = models.CharField(
        _("id in OOAPI"), max_length=100, unique=True, null=True, blank=True, editable=False
    )
    capacity = models.PositiveIntegerField(
        _("plaatsen"), null=True, blank=True, help_text=_("Hoeveel deelnemers er kunnen starten.")
    )
    registration_closed = models.BooleanField(
        _("aanmelden gesloten"),
        default=False,
        help_text=_("Aan: deze start neemt geen aanmeldingen meer aan, ook vóór de deadline."),
    )
    # Set when an import archived the intake because the source no longer lists it: if it comes
    # back, the import takes it out of the archive again (an editor's archiving it stays).
    archived_by_source = models.BooleanField(default=False, editable=False)

    class Meta:
        abstract = True

    @property
    def from_source(self):
        return self.source_id is not None


class CostSource(models.Model):
    """A cost line the import made: its key is the cost type and academic year in OOAPI."""

    source_key = models.CharField(max_length=200, blank=True, default="", editable=False)

    class Meta:
        abstract = True


class ImportRunQuerySet(models.QuerySet):
    def last_success(self):
        return self.filter(status=ImportRun.Status.OK).order_by("-finished_at").first()

    def succeeded_within(self, hours):
        since = timezone.now() - datetime.timedelta(hours=hours)
        return self.filter(status=ImportRun.Status.OK, finished_at__gte=since).exists()


class ImportRun(models.Model):
    """One run of the import from OOAPI: what it added, changed, unpublished and skipped, or
    why it failed (then it changed nothing)."""

    class Status(models.TextChoices):
        OK = "ok", _("gelukt")
        FAILED = "failed", _("mislukt")

    class Kind(models.TextChoices):
        ADDED = "added", _("toegevoegd")
        CHANGED = "changed", _("gewijzigd")
        UNPUBLISHED = "unpublished", _("niet meer gepubliceerd")
        REPUBLISHED = "republished", _("weer gepubliceerd")
        SKIPPED = "skipped", _("overgeslagen")
        TO_ACCEPT = "to_accept", _("wijziging te accepteren")

    started_at = models.DateTimeField(_("begonnen"))
    finished_at = models.DateTimeField(_("klaar"))
    source = models.CharField(_("bron"), max_length=2048)
    status = models.CharField(_("uitkomst"), max_length=10, choices=Status.choices)
    reason = models.TextField(_("reden"), blank=True)
    added = models.PositiveIntegerField(_("toegevoegd"), default=0)
    changed = models.PositiveIntegerField(_("gewijzigd"), default=0)
    unpublished = models.PositiveIntegerField(_("niet meer gepubliceerd"), default=0)
    skipped = models.PositiveIntegerField(_("overgeslagen"), default=0)
    # [[kind, text], ...] in the order the run met them; kind is one of Kind.
    lines = models.JSONField(_("regels"), default=list, blank=True)

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("import uit OOAPI")
        verbose_name_plural = _("imports uit OOAPI")

    def __str__(self):
        return f"{timezone.localtime(self.started_at):%d-%m-%Y %H:%M} {self.get_status_display()}"

    def changes_public_pages(self):
        """The log shows nowhere public: writing it leaves the page cache as it is (what the
        run changed in the catalogue made the cached pages stale already)."""
        return False
