"""People: one Lead per person, known by their mailbox, with the links in our mails."""

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mkbroute.lib.history import Happening
from mkbroute.lib.personal_links import Scope
from mkbroute.lib.queries import Prepared
from programmes.models import Education

from ..mailbox import NotAMailbox, mailbox_key
from ..search import name_key, phone_key
from ..starts import start_label

CONFIRM_SALT, WITHDRAW_SALT = "leads.confirm-consent", "leads.withdraw-consent"
LINK_DAYS = 90  # how long a confirmation link in a mail works
# A person's personal link (/mijn/) in the mails we send them.
LINKS = Scope(name="persoon", days=14, path="/mijn/", request_url="leads:link")

# Raise when the privacy statement changes; every consent records the version it was given on.
PRIVACY_VERSION = "2026-11"


EDUCATION_CHOICES = Education.choices  # defined once, by the catalogue

# What a person corrects on their own page (/mijn/): their contact details, kept on the Lead,
# and the answers matching and admissions read, kept on their latest submission.
CONTACT = ("first_name", "last_name", "phone")
ANSWERS = ("postcode", "preferred_start", "hours_per_week")


def blank(value):
    return value in (None, "")


def normal(value):
    """None for no answer, however the field stores it."""
    return None if blank(value) else value


def current_answers(submissions):
    """{answer: value} as matching reads a person's submits (employers.matching.Profile.of):
    per question the latest answer given; None where they gave none."""
    answers = dict.fromkeys(ANSWERS)
    for submission in sorted(submissions, key=lambda s: (s.created_at, s.pk), reverse=True):
        for name in ANSWERS:
            if blank(answers[name]) and not blank(getattr(submission, name)):
                answers[name] = getattr(submission, name)
    return answers


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
    # Name and phone as the lead list's search compares them (search.py), kept by save().
    name_key = models.CharField(max_length=251, editable=False, default="")
    phone_digits = models.CharField(max_length=40, editable=False, default="")
    # Raised to make every personal link sent before void (mkbroute.lib.personal_links).
    link_version = models.PositiveIntegerField(default=1, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    notes = models.TextField(_("notities van toelating"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt"), default=timezone.now)
    updated_at = models.DateTimeField(_("bijgewerkt"), auto_now=True)

    objects = LeadQuerySet.as_manager()

    loaded_email_key = None  # the mailbox as read from the database

    # Which contact fields the search keys are made from: saving one saves its key too.
    SEARCH_KEYS = {"first_name": "name_key", "last_name": "name_key", "phone": "phone_digits"}

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["email_key"], name="one_lead_per_mailbox")]
        # The lead list's first page read from an index in its order, no further than the
        # page: newest first (ties broken by id, as the admin does), and sorted by status or
        # name as the column headers sort them (?o=5.-6, ?o=1.-6: then newest first). The
        # search keys ride along in the date index: on SQLite a search walks it newest first
        # and reads a row only once it matches; PostgreSQL finds a search through its
        # trigram indexes (migration 0026_lead_list_indexes).
        indexes = [
            models.Index(
                fields=["created_at", "id", "name_key", "email_key", "phone_digits"],
                name="lead_by_date",
            ),
            models.Index(fields=["status", "-created_at", "-id"], name="lead_by_status"),
            # Read backwards: by status Z-A, then newest first (?o=-5.-6, the header clicked
            # twice), where sorting the largest status's leads took SQLite half a second.
            models.Index(fields=["status", "created_at", "id"], name="lead_by_status_reversed"),
            models.Index(fields=["last_name", "-created_at", "-id"], name="lead_by_name"),
        ]
        permissions = [("export_lead", _("Leads exporteren als CSV"))]
        verbose_name = _("lead")
        verbose_name_plural = _("leads")

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    def save(self, *args, **kwargs):
        self.email_key = mailbox_key(self.email)
        self.name_key = name_key(self.first_name, self.last_name)
        self.phone_digits = phone_key(self.phone)
        if kwargs.get("update_fields") is not None:
            fields = {*kwargs["update_fields"]}
            keys = {key for field, key in self.SEARCH_KEYS.items() if field in fields}
            kwargs["update_fields"] = fields | keys
        if self.loaded_email_key not in (None, self.email_key):
            # Another mailbox: the links sent to the old one stop working.
            self.link_version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "link_version"}
        super().save(*args, **kwargs)
        self.loaded_email_key = self.email_key

    @classmethod
    def from_db(cls, db, field_names, values):
        lead = super().from_db(db, field_names, values)
        lead.loaded_email_key = lead.__dict__.get("email_key")
        return lead

    def personal_link(self):
        """The link to /mijn/ for a mail to this person."""
        return LINKS.url(reverse("mine"), self.pk, self.link_version)

    def revoke_links(self, user=None):
        """Make every link sent before void; the next mail carries a new one."""
        Lead.objects.filter(pk=self.pk).update(link_version=models.F("link_version") + 1)
        self.refresh_from_db(fields=["link_version"])
        self.history.create(what=_("Persoonlijke links ingetrokken"), by=user)

    def record(self, what, via_link=True, user=None):
        """Note in the person's history what was done, by their link or by staff."""
        return self.history.create(what=what, via_link=via_link, by=user)

    def correct(self, values):
        """Correct the person's details from their own page; values holds some of CONTACT
        and ANSWERS. Name and phone go on the person. An answer goes on their latest
        submission, which matching and the export read first; an answer they clear is
        cleared on every submission, or an older one would show through. Each change is
        written in the history with the value it replaced. Returns the changes."""
        submissions = list(self.submissions.order_by("-created_at", "-pk"))
        before = {name: getattr(self, name) for name in CONTACT}
        before.update(current_answers(submissions) if submissions else {})
        changed = {
            name: value
            for name, value in values.items()
            if name in before and normal(value) != normal(before[name])
        }
        contact = [name for name in changed if name in CONTACT]
        with transaction.atomic():
            for name in contact:
                setattr(self, name, changed[name])
            if contact:
                self.save(update_fields=[*contact, "updated_at"])
            for name in (name for name in changed if name in ANSWERS):
                value = changed[name]
                if blank(value):
                    self.submissions.update(**{name: value})
                else:
                    self.submissions.filter(pk=submissions[0].pk).update(**{name: value})
            changes = [self.change_text(name, before[name]) for name in changed]
            for change in changes:
                self.record(change)
        return changes

    def change_text(self, name, old):
        """How a correction reads in the history: the field, and what it said before."""
        model = self if name in CONTACT else self.submissions.model
        label = capfirst(model._meta.get_field(name).verbose_name)
        if name == "preferred_start":
            old = start_label(old)
        if blank(old):
            return gettext("%(field)s ingevuld") % {"field": label}
        return gettext("%(field)s gewijzigd (was: %(old)s)") % {"field": label, "old": old}

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
        from .submissions import Consent  # a submission's consents know their person

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
        lead = _submitting_lead.first(key)
        if lead is None:
            details = {"first_name": first_name, "last_name": last_name, "phone": phone}
            try:
                with transaction.atomic():
                    return cls.objects.create(email=email, email_key=key, **details)
            except IntegrityError:  # the same person, submitting twice at the same moment
                lead = cls.objects.filter(email_key=key).select_for_update().get()
        return lead


def lead_for_link(pk, version):
    """The person a personal link names, while it is theirs (see LINKS)."""
    return _linked_lead.first(pk, version)


# Asked on every submit, under a lock: its SQL is built once (mkbroute.lib.queries).
_submitting_lead = Prepared(
    lambda key: Lead.objects.filter(email_key=key).select_for_update().order_by("pk")[:1]
)
# Asked on every request behind a link: its SQL is built once (mkbroute.lib.queries).
_linked_lead = Prepared(lambda pk, version: Lead.objects.filter(pk=pk, link_version=version)[:1])


class PersonHistory(Happening):
    """What happened to a person's data: by their link, or by admissions."""

    lead = models.ForeignKey(
        Lead, on_delete=models.CASCADE, related_name="history", verbose_name=_("lead")
    )

    class Meta(Happening.Meta):
        verbose_name = _("gebeurtenis")
        verbose_name_plural = _("geschiedenis")
