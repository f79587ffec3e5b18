"""One Submission per form submit of a person, with its programmes and consents."""

from operator import attrgetter

from django.conf import settings
from django.core import signing
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mkbroute.lib.content import new_content_version
from mkbroute.lib.queries import Prepared
from programmes.models import Programme

from .. import outbox
from .people import CONFIRM_SALT, EDUCATION_CHOICES, PRIVACY_VERSION, Lead

UTM = {"max_length": 100, "blank": True}
UTM_TAGS = ("source", "medium", "campaign", "content", "term")


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
        db_index=False,  # see Meta.indexes
        null=True,
        blank=True,
        related_name="submissions",
        verbose_name=_("doelgroep"),
    )
    persona = models.ForeignKey(
        "personas.Persona",
        on_delete=models.PROTECT,
        db_index=False,  # see Meta.indexes
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
    # A sign-up the person cancelled from their own page: kept, and its seat free again.
    cancelled_at = models.DateTimeField(_("aanmelding geannuleerd"), null=True, blank=True)
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
    # Staff type these tags into campaign links: the labels name them as they are typed.
    first_utm_source = models.CharField(_("eerste campagnebron (utm_source)"), **UTM)
    first_utm_medium = models.CharField(_("eerste campagnemedium (utm_medium)"), **UTM)
    first_utm_campaign = models.CharField(_("eerste campagnenaam (utm_campaign)"), **UTM)
    first_utm_content = models.CharField(_("eerste campagne-inhoud (utm_content)"), **UTM)
    first_utm_term = models.CharField(_("eerste campagnezoekwoord (utm_term)"), **UTM)
    utm_source = models.CharField(_("campagnebron (utm_source)"), **UTM)
    utm_medium = models.CharField(_("campagnemedium (utm_medium)"), **UTM)
    utm_campaign = models.CharField(_("campagnenaam (utm_campaign)"), **UTM)
    utm_content = models.CharField(_("campagne-inhoud (utm_content)"), **UTM)
    utm_term = models.CharField(_("campagnezoekwoord (utm_term)"), **UTM)
    referrer_host = models.CharField(_("verwijzende site"), max_length=255, blank=True)
    channel = models.ForeignKey(
        "personas.Channel",
        on_delete=models.PROTECT,
        db_index=False,  # see Meta.indexes
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
        # The lead list's filters ask "does this lead have a submission with this persona (or
        # group, channel, campaign)?": each answered inside one index, lead by lead.
        indexes = [
            models.Index(fields=[name, "lead"], name=f"submission_{name}_lead")
            for name in ("persona", "target_group", "channel", "utm_campaign")
        ] + [
            # An event card counts its seats taken (Event.objects.for_cards) inside this index,
            # without reading the sign-ups themselves.
            models.Index(fields=["event", "cancelled_at", "lead"], name="submission_event_seat"),
        ]
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
        sent_on = timezone.localdate(self.created_at)
        return f"{self.lead} – {self.get_intent_display()} ({sent_on:%d-%m-%Y})"

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
                transaction.on_commit(events_changed)
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

    @property
    def cancellable(self):
        """Whether the person can still cancel this sign-up: an event ahead, not cancelled."""
        return bool(self.event_id) and not self.cancelled_at and not self.event.has_ended

    def cancel_signup(self):
        """Cancel the person's sign-up for this submission's event, so that its seat frees up;
        their other sign-ups for the same event too, because a seat is the person's
        (Event.seats_taken counts people). The number cancelled."""
        with transaction.atomic():
            event = type(self.event).objects.select_for_update().get(pk=self.event_id)
            was_full = event.is_full
            signups = event.signups.filter(lead_id=self.lead_id, cancelled_at=None)
            cancelled = signups.update(cancelled_at=timezone.now())
            if was_full and cancelled:
                # Pages kept in the cache say the event is full: it no longer is.
                transaction.on_commit(events_changed)
        return cancelled

    def has_own_thanks(self):
        """Whether the thank-you page is this person's own: it names their event or the
        werkplek they replied to, or follows their answer about an employer (places that fit
        someone without one; nothing about finding one for someone who has one)."""
        return (
            bool(self.event_id)
            or self.has_employer is not None
            or self.intent == self.Intent.WERKPLEK
        )

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
        from .. import mails  # the mails import this module

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


def events_changed():
    """An event filled up or has a seat again: the pages and event cards that say so."""
    new_content_version(models=["programmes.event"])


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
    # About the person rather than one request: withdrawn once, they end on every submit.
    ABOUT_THE_PERSON = ("newsletter", "partners")

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

    @property
    def awaits_confirmation(self):
        """As ConsentQuerySet.awaiting_confirmation, for a consent already read."""
        waits = self.purpose in self.CONFIRMED_BY_MAIL and self.given
        return waits and self.confirmed_at is None and self.withdrawn_at is None

    @property
    def withdrawable(self):
        """A yes that still counts or waits for its confirmation."""
        return self.given and not self.withdrawn_at

    def withdraw(self):
        """Withdraw this yes; for a purpose about the person (the newsletter, sharing with
        employers) also their yes to it on every other submit, or it would go on. The number
        withdrawn."""
        answers = Consent.objects.filter(pk=self.pk)
        if self.purpose in self.ABOUT_THE_PERSON:
            lead = self.submission.lead_id
            answers = Consent.objects.filter(submission__lead_id=lead, purpose=self.purpose)
        return answers.filter(given=True, withdrawn_at=None).update(withdrawn_at=timezone.now())


def for_own_page(lead_pk):
    """The person's submissions as their own page (/mijn/) shows them, newest first, in a
    list, in three queries: with what they refer to (of their tone only its name), the
    names of their programmes (programme_names) and their consents (shown_consents), and
    only the columns the page reads (a programme or an event has many more), so that it
    costs little per submit.

    The programmes and consents are read as prefetch_related() would, but without its
    machinery, which cost more than the rows: the names as values from the table between,
    the consents as they are; each query's SQL built once (mkbroute.lib.queries.Prepared)."""
    submissions = _OWN_SUBMISSIONS(lead_pk)
    if not submissions:
        return submissions
    by_pk = {submission.pk: submission for submission in submissions}
    for submission in submissions:
        submission.programme_names, submission.shown_consents = [], []
    # Found by the person, not by these submissions: one the person sent between these
    # queries (another tab) has rows here too, and waits for the next visit.
    for pk, name in _OWN_PROGRAMME_NAMES(lead_pk):
        if pk in by_pk:
            by_pk[pk].programme_names.append(name)
    # In the order they were recorded, sorted here: an ORDER BY costs more to build.
    for consent in sorted(_OWN_CONSENTS(lead_pk), key=attrgetter("pk")):
        if consent.submission_id in by_pk:
            by_pk[consent.submission_id].shown_consents.append(consent)
    return submissions


_OWN_COLUMNS = [
    *("lead", "created_at", "tone__slug", "intent"),
    *("first_name", "last_name", "email", "phone"),
    *("event__title", "event__starts_at", "event__ends_at", "cancelled_at"),
    *("target_group__label", "education", "employer", "employer_is_mkb"),
    *("has_employer", "postcode", "preferred_start", "hours_per_week", "message"),
    *("landing_path", "page_path", "referrer_host", "channel__name"),
    *(f"{first}utm_{tag}" for first in ("first_", "") for tag in UTM_TAGS),
]
_OWN_SUBMISSIONS = Prepared(
    lambda lead: (
        Submission.objects.filter(lead=lead)
        .select_related("tone", "event", "target_group", "channel")
        .only(*_OWN_COLUMNS)
        .order_by("-created_at", "-pk")
    )
)
_OWN_PROGRAMME_NAMES = Prepared(
    lambda lead: (
        SubmissionProgramme.objects.filter(submission__lead=lead)
        .order_by(*(f"programme__{name}" for name in Programme._meta.ordering))
        .values_list("submission", "programme__name")
    )
)
_OWN_CONSENTS = Prepared(lambda lead: Consent.objects.filter(submission__lead=lead).order_by())
