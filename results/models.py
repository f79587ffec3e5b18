"""The funnel's daily rows: visits and lead-form views counted without a cookie or a person."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FunnelDay(models.Model):
    """Visits and lead-form views of one day, page, tone and channel: counts, never a person.

    Folded in from the counters in the shared cache (see funnel.py); a combination may have
    more than one row (two hours folded apart), so figures are always sums.
    """

    day = models.DateField(_("datum"), db_index=True)
    path = models.CharField(_("pagina"), max_length=200)
    tone = models.CharField(_("toon"), max_length=50, blank=True)
    channel = models.ForeignKey(
        "personas.Channel",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kanaal"),
    )
    visits = models.PositiveIntegerField(_("bezoeken"), default=0)
    form_views = models.PositiveIntegerField(_("formulierweergaven"), default=0)

    class Meta:
        db_table = "leads_funnelday"  # kept from when the leads app counted the funnel
        ordering = ["day", "path"]
        verbose_name = _("dag van de trechter")
        verbose_name_plural = _("dagen van de trechter")

    def __str__(self):
        return f"{self.day:%d-%m-%Y} {self.path} ({self.tone})"


class FoldedHour(models.Model):
    """An hour of counters folded into FunnelDay rows: written in the same transaction, so
    an hour is folded once, whichever worker gets there first."""

    hour = models.PositiveIntegerField(primary_key=True)  # hours since the epoch, UTC
    folded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "leads_foldedhour"  # kept from when the leads app counted the funnel

    def __str__(self):
        return str(self.hour)
