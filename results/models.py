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


def count_of(model, verbose_name):
    """A figure's key that points at a row elsewhere without holding it: a count outlives
    the row it counted until the next fold, and never stops that row being deleted."""
    return models.ForeignKey(
        model,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        related_name="+",
        verbose_name=verbose_name,
    )


class LeadDay(models.Model):
    """The submissions of one day, counted per what the results page tells apart: counts,
    never a person. Folded in from the submissions (see lead_days.py).

    The page counts a person once in a period, however often they wrote: on their first
    submission in it. So a row also says when the same person wrote before with the same
    target group and channel, the same group, the same channel, at all: it counts in a
    period that begins after that day. The funnel counts a person once a day per page, and
    the weekly chart once a week per persona: whether a row counts there is known when it is
    folded, and kept as a flag.
    """

    day = models.DateField(_("datum"), db_index=True)
    target_group = count_of("personas.TargetGroup", _("doelgroep"))
    channel = count_of("personas.Channel", _("kanaal"))
    persona = count_of("personas.Persona", _("persona"))
    tone = count_of("personas.Tone", _("toon"))
    page = models.CharField(_("pagina"), max_length=200)
    before_in_cell = models.DateField(null=True)
    before_in_group = models.DateField(null=True)
    before_in_channel = models.DateField(null=True)
    before = models.DateField(null=True)
    first_on_page_that_day = models.BooleanField()
    first_for_persona_that_week = models.BooleanField()
    submissions = models.PositiveIntegerField(_("inzendingen"))

    class Meta:
        verbose_name = _("dag van de leads")
        verbose_name_plural = _("dagen van de leads")

    def __str__(self):
        return f"{self.day:%d-%m-%Y} {self.page}: {self.submissions}"


class LeadStatusDay(models.Model):
    """The leads that came in on one day, per the status they had at the last fold."""

    day = models.DateField(_("datum"), db_index=True)
    status = models.CharField(_("status"), max_length=20)
    leads = models.PositiveIntegerField(_("leads"))

    class Meta:
        verbose_name = _("dag van de leads per status")
        verbose_name_plural = _("dagen van de leads per status")

    def __str__(self):
        return f"{self.day:%d-%m-%Y} {self.status}: {self.leads}"


class LeadFold(models.Model):
    """Where the fold of the leads into daily rows stands: one row, locked while folding, so
    that one fold runs at a time."""

    folded_at = models.DateTimeField(null=True)
    folds = models.PositiveIntegerField(default=0)  # with folded_at: what cached figures show
    # Submissions up to this id are in the rows; later ones, and the people whose rows
    # changed since the fold before, are folded by the next one.
    last_submission = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.folded_at}"
