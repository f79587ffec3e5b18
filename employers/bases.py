"""What employers and their places have in common: a located address, a tracked status."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mkbroute.lib import geo


def validate_pc4(value):
    if geo.lookup(value) is None:
        raise ValidationError(
            _("Deze postcode kennen we niet in Nederland. Vul de vier cijfers in, zoals 3511."),
            code="pc4",
        )


class Located(models.Model):
    """A place and PC4, with the province and coordinates the PC4 gives (see mkbroute.lib.geo)."""

    place = models.CharField(_("plaats"), max_length=80)
    pc4 = models.CharField(
        _("postcode (4 cijfers)"), max_length=4, validators=[validate_pc4], db_index=True
    )
    province = models.CharField(
        _("provincie"), max_length=2, choices=geo.PROVINCE_CHOICES, editable=False, blank=True
    )
    lat = models.FloatField(null=True, editable=False)
    lon = models.FloatField(null=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.locate()
        super().save(*args, **kwargs)

    def locate(self):
        area = geo.lookup(self.pc4)
        if area is not None:
            self.pc4 = area.pc4
            self.province, self.lat, self.lon = area.province, area.lat, area.lon


class StatusTracked(models.Model):
    """Who moved the status last, and when."""

    status_changed_at = models.DateTimeField(_("status gewijzigd"), default=timezone.now)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("status gewijzigd door"),
    )

    class Meta:
        abstract = True

    def move_to(self, status, user=None):
        self.status = status
        self.status_changed_at = timezone.now()
        self.status_changed_by = user if user is not None and user.is_authenticated else None
