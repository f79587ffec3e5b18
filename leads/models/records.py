"""What leads keeps beside people: channel rules, the export log, the privacy audit and
reminders."""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import outbox
from .people import Lead
from .submissions import Submission

RULES_KEY = "channel-rules"
RULES_MEMO_SECONDS = 10
_rules_memo = []  # [until, rules]


class ChannelRule(models.Model):
    """Maps a campaign's utm_source (and medium) to a channel of the communication matrix."""

    utm_source = models.CharField(
        _("campagnebron (utm_source)"),
        max_length=100,
        help_text=_(
            "Zoals in de campagnelink (uwv), of de site die zonder campagnelink naar ons "
            "linkt (werk.nl). Hoofdletters maken niet uit."
        ),
    )
    utm_medium = models.CharField(
        _("campagnemedium (utm_medium)"),
        max_length=100,
        blank=True,
        help_text=_("Leeg: elk medium."),
    )
    channel = models.ForeignKey(
        "personas.Channel", on_delete=models.CASCADE, related_name="rules", verbose_name=_("kanaal")
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=100)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("kanaalregel")
        verbose_name_plural = _("kanaalregels")

    def __str__(self):
        return f"{self.utm_source}/{self.utm_medium or '*'} → {self.channel}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.forget_table()

    def delete(self, *args, **kwargs):
        self.forget_table()
        return super().delete(*args, **kwargs)

    @classmethod
    def table(cls):
        """[(source, medium, channel id)] in order, lower case: what counting a visit reads.

        Kept in this process for a few seconds on top of the shared cache, so that counting
        a visit costs no round trip for it: a changed rule counts everywhere within seconds.
        """
        memo = _rules_memo
        if memo and memo[0] > time.monotonic():
            return memo[1]
        rules = cache.get(RULES_KEY)
        if rules is None:
            found = cls.objects.values_list("utm_source", "utm_medium", "channel_id")
            rules = [(source.lower(), medium.lower(), channel) for source, medium, channel in found]
            cache.set(RULES_KEY, rules, timeout=3600)
        _rules_memo[:] = [time.monotonic() + RULES_MEMO_SECONDS, rules]
        return rules

    @staticmethod
    def forget_table():
        _rules_memo.clear()
        cache.delete(RULES_KEY)

    @staticmethod
    def channel_id_in(rules, source, medium=""):
        """The channel id the first fitting rule gives source and medium, or None."""
        source, medium = (source or "").lower(), (medium or "").lower()
        for rule_source, rule_medium, channel in rules if source else ():
            if rule_source == source and rule_medium in ("", medium):
                return channel
        return None

    @classmethod
    def channel_for(cls, source, medium):
        if not source:
            return None
        for rule in cls.objects.select_related("channel").filter(utm_source__iexact=source):
            if not rule.utm_medium or rule.utm_medium.lower() == (medium or "").lower():
                return rule.channel
        return None


class ExportLog(models.Model):
    """Who exported which leads when: written before the first byte of an export is sent."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, verbose_name=_("door")
    )
    username = models.CharField(_("gebruikersnaam"), max_length=150)
    created_at = models.DateTimeField(_("wanneer"), default=timezone.now)
    filters = models.TextField(_("filters en zoekterm"), blank=True)
    row_count = models.PositiveIntegerField(_("aantal rijen"))
    what = models.CharField(_("export"), max_length=40, default="leads")
    format = models.CharField(_("formaat"), max_length=4, default="csv")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("exportlog")
        verbose_name_plural = _("exportlogs")

    def __str__(self):
        return f"{self.username}, {timezone.localtime(self.created_at):%d-%m-%Y %H:%M}"


class PrivacyAudit(models.Model):
    """A record that a privacy duty was carried out, without the personal data it concerned."""

    class Action(models.TextChoices):
        EXPORT = "export", _("Inzage (export)")
        ERASE = "erase", _("Verwijdering op verzoek")
        PURGE = "purge", _("Opschoning na bewaartermijn")

    action = models.CharField(_("actie"), max_length=10, choices=Action.choices)
    created_at = models.DateTimeField(_("wanneer"), default=timezone.now)
    lead_count = models.PositiveIntegerField(_("aantal leads"))
    detail = models.CharField(_("toelichting"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("privacy-auditregel")
        verbose_name_plural = _("privacy-audit")

    def __str__(self):
        return f"{self.get_action_display()}: {self.lead_count}"


class Reminder(models.Model):
    """One reminder mail before the deadline of an intake a person asked about: at most one
    per person and intake, whatever they sent and however often the command runs."""

    lead = models.ForeignKey(
        Lead, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("lead")
    )
    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("inzending")
    )
    intake = models.ForeignKey(
        "programmes.Intake",
        on_delete=models.PROTECT,  # archived, not deleted: the history stays whole
        related_name="reminders",
        verbose_name=_("instroommoment"),
    )
    deadline = models.DateField(_("deadline"))
    queued_at = models.DateTimeField(_("in de wachtrij"), default=timezone.now)

    class Meta:
        ordering = ["-queued_at"]
        constraints = [
            models.UniqueConstraint(fields=["lead", "intake"], name="one_reminder_per_intake")
        ]
        verbose_name = _("herinnering")
        verbose_name_plural = _("herinneringen")

    def __str__(self):
        return f"{self.lead} – {self.intake}"

    def queue_mail(self):
        """Owe the reminder mail, in the caller's transaction; the worker sends it."""
        from .. import mails  # the mails import this module

        outbox.queue(mails.reminder, self.pk)

    @property
    def sent_at(self):
        """When the reminder went out (its row in the outbox says), or None."""
        from .. import mails  # the mails import this module

        mail = outbox.mail_of(mails.reminder, self.pk)
        return mail and mail.sent_at
