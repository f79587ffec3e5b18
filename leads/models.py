"""Leads: one Lead per person, one Submission per form submit, consents and attribution."""

import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mkbroute.lib.content import new_content_version
from programmes.models import Education

from . import outbox  # also what makes the outbox's table, outbox.Mail, a model of this app
from .mailbox import NotAMailbox, mailbox_key

CONFIRM_SALT, WITHDRAW_SALT = "leads.confirm-consent", "leads.withdraw-consent"
LINK_DAYS = 90  # how long a confirmation link in a mail works

# Raise when the privacy statement changes; every consent records the version it was given on.
PRIVACY_VERSION = "2026-11"

RULES_KEY = "channel-rules"
RULES_MEMO_SECONDS = 10
_rules_memo = []  # [until, rules]

EDUCATION_CHOICES = Education.choices  # defined once, by the catalogue


def withdraw_url(lead_id):
    """The one-click withdrawal link of the person with this id (a mail needs no more)."""
    token = signing.dumps(lead_id, salt=WITHDRAW_SALT)
    return settings.SITE_URL + reverse("leads:withdraw", args=[token])


class LeadQuerySet(models.QuerySet):
    def for_email(self, email):
        """The person with this mailbox, however the address is written."""
        try:
            return self.filter(email_key=mailbox_key(email))
        except NotAMailbox:
            return self.none()


class Lead(models.Model):
    """One person, however often they write to us: found again by e-mail in any case."""

    class Status(models.TextChoices):
        NEW = "nieuw", _("Nieuw")
        IN_PROGRESS = "in_behandeling", _("In behandeling")
        APPLIED = "aangemeld", _("Aangemeld")
        ENROLLED = "ingeschreven", _("Ingeschreven")
        NOT_INTERESTED = "geen_interesse", _("Geen interesse")

    first_name = models.CharField(_("voornaam"), max_length=100)
    last_name = models.CharField(_("achternaam"), max_length=150)
    email = models.EmailField(_("e-mail"), max_length=254)
    # The mailbox the address belongs to (see mailbox.py): one lead per mailbox.
    email_key = models.CharField(max_length=254, editable=False)
    phone = models.CharField(_("telefoon"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    notes = models.TextField(_("notities van toelating"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("bijgewerkt"), auto_now=True)

    objects = LeadQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["email_key"], name="one_lead_per_mailbox")]
        permissions = [("export_lead", _("Leads exporteren als CSV"))]
        verbose_name = _("lead")
        verbose_name_plural = _("leads")

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    def save(self, *args, **kwargs):
        self.email_key = mailbox_key(self.email)
        super().save(*args, **kwargs)

    def clean(self):
        try:
            key = mailbox_key(self.email)
        except NotAMailbox:
            raise ValidationError({"email": _("Dit e-mailadres klopt niet.")}) from None
        if Lead.objects.filter(email_key=key).exclude(pk=self.pk).exists():
            message = _("Er is al een lead met dit e-mailadres.")
            raise ValidationError({"email": message}, code="unique")

    def withdraw_url(self):
        """A link that withdraws every consent this person gave: in every mail we send them."""
        return withdraw_url(self.pk)

    def withdraw_consents(self):
        """Withdraw every consent in effect or waiting; the number withdrawn."""
        answers = Consent.objects.filter(submission__lead=self, given=True, withdrawn_at=None)
        return answers.update(withdrawn_at=timezone.now())

    @classmethod
    def for_submit(cls, first_name, last_name, email, phone):
        """The person this mailbox belongs to; new if nobody has it yet.

        Anyone can type anyone's address, so a submit never changes a known person's name
        or phone: what it says is kept on its Submission, where admissions see what differs.
        Call inside a transaction: the row stays locked until the submission is written.
        """
        key = mailbox_key(email)
        lead = cls.objects.filter(email_key=key).select_for_update().first()
        if lead is None:
            details = {"first_name": first_name, "last_name": last_name, "phone": phone}
            try:
                with transaction.atomic():
                    return cls.objects.create(email=email, email_key=key, **details)
            except IntegrityError:  # the same person, submitting twice at the same moment
                lead = cls.objects.filter(email_key=key).select_for_update().get()
        return lead


class Submission(models.Model):
    """One form submit: what the person sent, in which tone, with consents and attribution.

    What it refers to (a programme, event, persona, group, tone or channel) cannot be deleted
    while it does: staff unpublish or archive content instead, and the history stays whole.
    """

    class Intent(models.TextChoices):
        INFORMATION = "information", _("Ik wil informatie")
        CALLBACK = "callback", _("Bel mij terug")
        EVENT = "event", _("Aanmelden voor een activiteit")
        CAN_I_START = "can_i_start", _("Kan ik beginnen?")
        WERKPLEK = "werkplek", _("Reageren op een werkplek")

    lead = models.ForeignKey(
        Lead, on_delete=models.CASCADE, related_name="submissions", verbose_name=_("lead")
    )
    created_at = models.DateTimeField(_("verstuurd"), default=timezone.now, db_index=True)
    form_token = models.CharField(max_length=64, editable=False)
    # What the form held, so that the same form sent again is told from a correction of it.
    fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    corrects = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("verbetert de inzending"),
    )

    first_name = models.CharField(_("voornaam"), max_length=100)
    last_name = models.CharField(_("achternaam"), max_length=150)
    email = models.EmailField(_("e-mail"), max_length=254)
    phone = models.CharField(_("telefoon"), max_length=40, blank=True)

    target_group = models.ForeignKey(
        "personas.TargetGroup",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submissions",
        verbose_name=_("doelgroep"),
    )
    persona = models.ForeignKey(
        "personas.Persona",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submissions",
        verbose_name=_("persona"),
    )
    tone = models.ForeignKey(
        "personas.Tone",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submissions",
        verbose_name=_("toon"),
    )
    programmes = models.ManyToManyField(
        "programmes.Programme",
        blank=True,
        through="SubmissionProgramme",
        related_name="submissions",
        verbose_name=_("opleidingen"),
    )
    intent = models.CharField(_("vraag"), max_length=20, choices=Intent.choices)
    event = models.ForeignKey(
        "programmes.Event",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signups",
        verbose_name=_("activiteit"),
    )
    education = models.CharField(
        _("hoogste opleiding"), max_length=20, choices=EDUCATION_CHOICES, blank=True
    )
    employer = models.CharField(_("werkgever"), max_length=150, blank=True)
    employer_is_mkb = models.BooleanField(_("werkgever is mkb"), null=True, blank=True)
    hours_per_week = models.PositiveSmallIntegerField(_("uren per week"), null=True, blank=True)
    preferred_start = models.CharField(_("gewenste start"), max_length=40, blank=True)
    # Where the person lives (PC4 only) and whether they still need a werkplek: for matching.
    postcode = models.CharField(_("postcode (4 cijfers)"), max_length=4, blank=True)
    has_employer = models.BooleanField(_("heeft al een mkb-werkgever"), null=True, blank=True)
    message = models.TextField(_("bericht"), max_length=4000, blank=True)

    landing_path = models.CharField(_("eerste pagina van het bezoek"), max_length=500, blank=True)
    page_path = models.CharField(_("pagina van het formulier"), max_length=500, blank=True)
    first_utm_source = models.CharField(max_length=100, blank=True)
    first_utm_medium = models.CharField(max_length=100, blank=True)
    first_utm_campaign = models.CharField(max_length=100, blank=True)
    first_utm_content = models.CharField(max_length=100, blank=True)
    first_utm_term = models.CharField(max_length=100, blank=True)
    utm_source = models.CharField(max_length=100, blank=True)
    utm_medium = models.CharField(max_length=100, blank=True)
    utm_campaign = models.CharField(max_length=100, blank=True, db_index=True)
    utm_content = models.CharField(max_length=100, blank=True)
    utm_term = models.CharField(max_length=100, blank=True)
    referrer_host = models.CharField(_("verwijzende site"), max_length=255, blank=True)
    channel = models.ForeignKey(
        "personas.Channel",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submissions",
        verbose_name=_("kanaal"),
    )
    # The experiment on the persona page this person was in, and the variant they saw.
    experiment = models.ForeignKey(
        "personas.Experiment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submissions",
        verbose_name=_("experiment"),
    )
    variant = models.CharField(_("variant"), max_length=1, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["form_token", "fingerprint"], name="one_per_form_sent"),
            # One form, one person: its token makes one submission that is not a correction
            # (see LeadForm.save). Submissions stored without a form have no token.
            models.UniqueConstraint(
                fields=["form_token"],
                condition=models.Q(corrects=None) & ~models.Q(form_token=""),
                name="one_person_per_form",
            ),
        ]
        verbose_name = _("inzending")
        verbose_name_plural = _("inzendingen")

    def __str__(self):
        return f"{self.lead} – {self.get_intent_display()} ({self.created_at:%d-%m-%Y})"

    @classmethod
    def record(cls, contact, details, programmes=(), consents=None, token="", fingerprint=""):
        """Store one submit with its person, programmes and consents, all or nothing.

        contact: first_name, last_name, email, phone. details: the other Submission fields.
        consents: {purpose: given}. Returns the Submission; raises EventFull if the event
        in details has no seat left (checked under a lock, so the last seat goes once).
        """
        with transaction.atomic():
            event = details.get("event")
            if event is not None:
                event = type(event).objects.select_for_update().get(pk=event.pk)
                details["event"] = event
            lead = Lead.for_submit(**contact)
            if event is not None and not event.has_seat_for(lead):
                raise EventFull(event)
            submission = cls.objects.create(
                lead=lead, form_token=token, fingerprint=fingerprint, **contact, **details
            )
            if event is not None and event.is_full:
                # The last seat went: cached pages still offering it go stale once it is
                # stored, not before, or a page rendered meanwhile would be cached as open.
                transaction.on_commit(new_content_version)
            # A new submission has no programmes yet: add them without asking which it has.
            SubmissionProgramme.objects.bulk_create(
                SubmissionProgramme(submission=submission, programme=p) for p in programmes
            )
            now = timezone.now()
            answers = [
                Consent(
                    submission=submission,
                    purpose=purpose,
                    given=bool(given),
                    privacy_version=PRIVACY_VERSION,
                    recorded_at=now,
                    confirmed_at=None if purpose in Consent.CONFIRMED_BY_MAIL else now,
                )
                for purpose, given in (consents or {}).items()
            ]
            Consent.objects.bulk_create(answers)
            submission.queue_mails()
        return submission

    def has_own_thanks(self):
        """Whether the thank-you page is this person's own: it names their event, or (when
        they still need an employer) it shows places that fit them."""
        return bool(self.event_id) or self.has_employer is False

    def confirm_url(self):
        """A link for the person to confirm the consents that need it, sent to their address."""
        token = signing.dumps(self.pk, salt=CONFIRM_SALT)
        return settings.SITE_URL + reverse("leads:confirm", args=[token])

    def confirm_consents(self):
        """Confirm this submit's newsletter and sharing consents; the number confirmed."""
        waiting = Consent.objects.filter(submission=self).awaiting_confirmation()
        return waiting.update(confirmed_at=timezone.now())

    def contact_differences(self):
        """The contact details this submit gave that differ from the person's as we hold them."""
        lead = self.lead
        names = ["first_name", "last_name", "phone"]
        differ = [
            name
            for name in names
            if getattr(self, name) and getattr(self, name) != getattr(lead, name)
        ]
        if self.email != lead.email:
            differ.append("email")
        return [self._meta.get_field(name).verbose_name for name in differ]

    def queue_mails(self):
        """The mails this submission owes, recorded in the caller's transaction: they exist
        exactly when the submission does, and the worker sends them once it is stored."""
        from . import mails  # the mails import this module

        outbox.queue(mails.confirmation, self.pk)
        if settings.LEADS_NOTIFY_EMAIL:
            outbox.queue(mails.admissions_notice, self.pk)


class SubmissionProgramme(models.Model):
    """A programme a submission asked about: the programme stays while a submission names it."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE)
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        # The table Django made for the many-to-many field before it had this model, kept as
        # it is, with the unique pair it already has.
        db_table = "leads_submission_programmes"
        unique_together = [("submission", "programme")]
        verbose_name = _("opleiding van een inzending")
        verbose_name_plural = _("opleidingen van inzendingen")

    def __str__(self):
        return f"{self.submission} → {self.programme}"


class EventFull(Exception):
    def __init__(self, event):
        super().__init__(f"event {event.pk} is full")
        self.event = event


class ConsentQuerySet(models.QuerySet):
    def in_effect(self):
        """Yes-answers that count: not withdrawn, and confirmed where a purpose needs it."""
        confirmed = models.Q(purpose__in=Consent.CONFIRMED_BY_MAIL, confirmed_at__isnull=False)
        answered = models.Q(purpose=Consent.Purpose.CONTACT) | confirmed
        return self.filter(answered, given=True, withdrawn_at__isnull=True)

    def awaiting_confirmation(self):
        waiting = self.filter(purpose__in=Consent.CONFIRMED_BY_MAIL, given=True)
        return waiting.filter(confirmed_at__isnull=True, withdrawn_at__isnull=True)


class Consent(models.Model):
    """One purpose a person said yes or no to, on a known version of the privacy statement.

    Newsletter and sharing take effect only once the person confirms through the link in the
    mail to that address: anyone can type someone else's address into a form.
    """

    class Purpose(models.TextChoices):
        CONTACT = "contact", _("Contact over deze aanvraag")
        NEWSLETTER = "newsletter", _("Nieuwsbrief")
        PARTNERS = "partners", _("Gegevens delen met mkb-werkgevers")
        EMPLOYER = "werkgever", _("Gegevens delen met de werkgever van de gekozen werkplek")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("doel"), max_length=12, choices=Purpose.choices)
    given = models.BooleanField(_("gegeven"))
    privacy_version = models.CharField(_("versie privacyverklaring"), max_length=20)
    recorded_at = models.DateTimeField(_("vastgelegd"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("bevestigd per mail"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("ingetrokken"), null=True, blank=True)

    CONFIRMED_BY_MAIL = ("newsletter", "partners", "werkgever")

    objects = ConsentQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["submission", "purpose"], name="one_answer_per_purpose")
        ]
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")

    def __str__(self):
        return f"{self.get_purpose_display()}: {'ja' if self.given else 'nee'}"

    @property
    def in_effect(self):
        if not self.given or self.withdrawn_at:
            return False
        return self.purpose not in self.CONFIRMED_BY_MAIL or self.confirmed_at is not None


class ChannelRule(models.Model):
    """Maps a campaign's utm_source (and medium) to a channel of the communication matrix."""

    utm_source = models.CharField(
        _("utm_source"), max_length=100, help_text=_("Hoofdletters maken niet uit.")
    )
    utm_medium = models.CharField(
        _("utm_medium"), max_length=100, blank=True, help_text=_("Leeg: elk medium.")
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
        from . import mails  # the mails import this module

        outbox.queue(mails.reminder, self.pk)

    @property
    def sent_at(self):
        """When the reminder went out (its row in the outbox says), or None."""
        from . import mails  # the mails import this module

        mail = outbox.mail_of(mails.reminder, self.pk)
        return mail and mail.sent_at
