"""Dated data that staff edit in the admin and that switches by itself on its dates."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DatedQuerySet(models.QuerySet):
    def valid(self, on=None):
        """Rows in force on the day: started (or no start) and not ended (or no end)."""
        on = on or timezone.localdate()
        started = Q(valid_from__isnull=True) | Q(valid_from__lte=on)
        not_ended = Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        return self.filter(started, not_ended)

    def for_programme(self, programme):
        """Rows for this programme and rows for every programme (no programme set)."""
        return self.filter(Q(programme=programme) | Q(programme__isnull=True))


class Dated(models.Model):
    valid_from = models.DateField(_("geldig vanaf"), null=True, blank=True)
    valid_to = models.DateField(
        _("geldig tot en met"),
        null=True,
        blank=True,
        help_text=_("Na deze datum verdwijnt dit vanzelf van de site."),
    )

    objects = DatedQuerySet.as_manager()

    class Meta:
        abstract = True

    def clean(self):
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("De einddatum ligt voor de begindatum.")})
