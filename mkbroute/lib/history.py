"""What happened to someone's data, and who did it: staff in the admin, or the holder
through their personal link (mkbroute.lib.personal_links). Each app keeps the history of
its own holders in a model built on Happening, so erasing a holder takes their history."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Happening(models.Model):
    at = models.DateTimeField(_("wanneer"), default=timezone.now, db_index=True)
    what = models.CharField(_("wat"), max_length=300)
    via_link = models.BooleanField(_("via persoonlijke link"), default=False)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("door medewerker"),
    )

    class Meta:
        abstract = True
        ordering = ["-at", "-pk"]

    def __str__(self):
        return self.what

    @property
    def who(self):
        if self.via_link:
            return _("via persoonlijke link")
        return self.by.get_username() if self.by_id else _("de site")
