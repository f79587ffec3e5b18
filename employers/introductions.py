"""Introductions: a person proposed for a werkplek by admissions, up to the signed
tripartite agreement, and what the employer may hear of them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leads import outbox
from leads.starts import start_label

from .bases import StatusTracked


class IntroductionQuerySet(models.QuerySet):
    def accepted(self):
        return self.filter(status__in=Introduction.ACCEPTED)

    def awaiting_answer(self):
        """Proposed, and the employer has not answered yet."""
        return self.filter(status=Introduction.Status.PROPOSED)

    def without_answer(self):
        """Back with admissions: the employer did not answer in time (see answers.py)."""
        return self.awaiting_answer().exclude(no_answer_at=None)

    def for_employer_page(self):
        """With what the employer's page shows of each, in a fixed number of queries:
        `shares` (may_share, as an annotation) and the person's submissions, newest first."""
        from leads.models import Submission

        submissions = Submission.objects.order_by("-created_at").prefetch_related("programmes")
        return (
            self.select_related("lead")
            .annotate(shares=Exists(sharing(OuterRef("lead"), OuterRef("werkplek"))))
            .prefetch_related(Prefetch("lead__submissions", submissions, to_attr="newest_first"))
        )


class NoConsent(Exception):
    """The person has not (or not yet, by mail) consented to sharing with this employer."""


# What an employer hears of a person, as the sharing consents in the lead forms list it.
SHARED = [
    ("name", _("naam")),
    ("email", _("e-mailadres")),
    ("phone", _("telefoonnummer")),
    ("programmes", _("opleiding")),
    ("preferred_start", _("gewenste start")),
    ("hours_per_week", _("uren per week")),
]


def shared_values(lead, latest):
    """What the employer may know of the person: [(label, value)] in the order of SHARED, from
    the submission they sent last (latest, or None); what they did not tell us is left out."""
    values = {
        "name": str(lead),
        "email": lead.email,
        "phone": lead.phone,
        "programmes": ", ".join(p.name for p in latest.programmes.all()) if latest else "",
        "preferred_start": start_label(latest.preferred_start) if latest else "",
        "hours_per_week": latest.hours_per_week if latest else "",
    }
    return [(label, values[key]) for key, label in SHARED if values[key] not in ("", None)]


def sharing(lead, werkplek):
    """The consents in effect (confirmed by mail) that let us share the person's details with
    this place's employer: with mkb employers in general, or with this place's employer when
    replying to it. lead and werkplek may be objects, ids or OuterRefs."""
    from leads.models import Consent

    in_effect = Consent.objects.in_effect().filter(submission__lead=lead)
    general = Q(purpose=Consent.Purpose.PARTNERS)
    this_place = Q(purpose=Consent.Purpose.EMPLOYER, submission__werkplek_reply__werkplek=werkplek)
    return in_effect.filter(general | this_place)


def may_share(lead, werkplek):
    """Whether the person lets us share their details with this place's employer."""
    return sharing(lead, werkplek).exists()


class AlreadyAnswered(Exception):
    """The introduction moved on meanwhile (answered, declined): this answer comes too late."""


class Introduction(StatusTracked):
    """A person proposed for a werkplek, up to the signed tripartite agreement."""

    class Status(models.TextChoices):
        PROPOSED = "voorgesteld", _("Voorgesteld")
        MEETING = "kennismaking", _("Kennismaking")
        AGREED = "akkoord", _("Akkoord")
        SIGNED = "getekend", _("Overeenkomst getekend")
        DECLINED = "afgewezen", _("Afgewezen")

    class DeclinedBy(models.TextChoices):
        CANDIDATE = "kandidaat", _("De kandidaat")
        EMPLOYER = "werkgever", _("De werkgever")
        ADMISSIONS = "toelating", _("Toelating")

    class Reason(models.TextChoices):
        """Why an employer says a person does not fit: one is required, as in England's
        apprenticeship service, so that admissions learn and the person hears why."""

        PROGRAMME = "opleiding", _("De opleiding past niet bij het werk")
        HOURS = "uren", _("De uren of de beschikbaarheid passen niet")
        DISTANCE = "afstand", _("De afstand is te groot")
        FILLED = "vervuld", _("De werkplek is al vervuld")
        OTHER = "anders", _("Een andere reden")

    class CandidateReply(models.TextChoices):
        MEET = "kennismaken", _("Wil kennismaken")
        WITHDRAW = "geen_interesse", _("Heeft geen interesse meer")

    ACCEPTED = (Status.AGREED, Status.SIGNED)
    # Where the person may still reply (and where the employer's answer still matters).
    OPEN = (Status.PROPOSED, Status.MEETING)
    # The order of the way forward; declining is possible from every step.
    FORWARD = [Status.PROPOSED, Status.MEETING, Status.AGREED, Status.SIGNED]

    lead = models.ForeignKey(
        "leads.Lead", on_delete=models.CASCADE, related_name="+", verbose_name=_("lead")
    )
    werkplek = models.ForeignKey(
        "employers.Werkplek",
        on_delete=models.PROTECT,
        related_name="introductions",
        verbose_name=_("werkplek"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("voorgesteld door"),
    )
    proposed_at = models.DateTimeField(_("voorgesteld op"), default=timezone.now)
    met_at = models.DateTimeField(_("kennismaking op"), null=True, blank=True)
    agreed_at = models.DateTimeField(_("akkoord op"), null=True, blank=True)
    signed_at = models.DateTimeField(_("getekend op"), null=True, blank=True)
    declined_at = models.DateTimeField(_("afgewezen op"), null=True, blank=True)
    declined_by = models.CharField(
        _("afgewezen door"), max_length=10, choices=DeclinedBy.choices, blank=True
    )
    decline_reason = models.CharField(_("reden van afwijzing"), max_length=300, blank=True)
    shared = models.CharField(
        _("gedeeld met de werkgever"),
        max_length=300,
        blank=True,
        editable=False,
        help_text=_("Welke gegevens de werkgever per mail kreeg, met toestemming van de lead."),
    )
    # The employer's answer, given on /werkgevers/mijn/ (employers/answers.py).
    answered_at = models.DateTimeField(_("beantwoord door de werkgever"), null=True, blank=True)
    meeting_proposed_for = models.DateTimeField(
        _("voorgesteld moment voor de kennismaking"), null=True, blank=True
    )
    will_call = models.BooleanField(_("de werkgever belt om af te spreken"), default=False)
    invitation_note = models.CharField(
        _("toelichting bij de uitnodiging"), max_length=1000, blank=True
    )
    decline_category = models.CharField(
        _("reden (werkgever)"), max_length=10, choices=Reason.choices, blank=True
    )
    # No answer in time: a reminder first, then back to admissions' worklist.
    reminded_at = models.DateTimeField(_("herinnering aan de werkgever"), null=True, blank=True)
    no_answer_at = models.DateTimeField(
        _("geen reactie"),
        null=True,
        blank=True,
        help_text=_("Wanneer de kennismaking zonder antwoord terugkwam op de werklijst."),
    )
    # The person's reply, given on /mijn/.
    candidate_reply = models.CharField(
        _("reactie van de kandidaat"), max_length=14, choices=CandidateReply.choices, blank=True
    )
    candidate_replied_at = models.DateTimeField(
        _("reactie van de kandidaat op"), null=True, blank=True
    )
    candidate_note = models.CharField(
        _("toelichting van de kandidaat"), max_length=1000, blank=True
    )

    objects = IntroductionQuerySet.as_manager()

    MOMENTS = {
        Status.MEETING: "met_at",
        Status.AGREED: "agreed_at",
        Status.SIGNED: "signed_at",
        Status.DECLINED: "declined_at",
    }

    class Meta:
        ordering = ["-proposed_at"]
        # The admin's list, newest first (ties by id), read from the index up to its page.
        indexes = [models.Index(fields=["proposed_at", "id"], name="introduction_by_date")]
        constraints = [
            models.UniqueConstraint(fields=["lead", "werkplek"], name="one_introduction_per_place")
        ]
        verbose_name = _("kennismaking")
        verbose_name_plural = _("kennismakingen")

    def __str__(self):
        return f"{self.lead} → {self.werkplek}"

    def save(self, *args, **kwargs):
        field = self.MOMENTS.get(self.status)
        if field and getattr(self, field) is None:
            setattr(self, field, timezone.now())
        super().save(*args, **kwargs)

    @classmethod
    def propose(cls, lead, werkplek, user=None):
        """Propose the person for the place, mail its employer what they may know and the
        person what was shared with whom.

        Raises NoConsent without a sharing consent in effect. Proposing twice gives the
        introduction made before, and mails nothing again.
        """
        if not may_share(lead, werkplek):
            raise NoConsent
        with transaction.atomic():
            introduction, created = cls.objects.get_or_create(
                lead=lead,
                werkplek=werkplek,
                defaults={
                    "proposed_by": user,
                    "status_changed_by": user,
                    "shared": ", ".join(str(label) for _key, label in SHARED),
                },
            )
            if created:
                from . import mails  # the mails import this module

                outbox.queue(mails.introduction, introduction.pk)
                outbox.queue(mails.introduced, introduction.pk)
        return introduction, created

    def changes_public_pages(self):
        """Introductions show only in the admin (see mkbroute.lib.content)."""
        return False

    @property
    def awaits_employer(self):
        return self.status == self.Status.PROPOSED

    @property
    def open_for_candidate(self):
        return self.status in self.OPEN

    @property
    def declined_by_employer(self):
        return self.status == self.Status.DECLINED and self.declined_by == self.DeclinedBy.EMPLOYER

    @property
    def invited(self):
        """The employer answered with an invitation (whatever happened after)."""
        return self.answered_at is not None and not self.decline_category

    def details_for_employer(self):
        """What the employer's page shows of the person: SHARED as told last, while they let
        us share it; [] otherwise. Needs for_employer_page()."""
        if not self.shares:
            return []
        latest = self.lead.newest_first[0] if self.lead.newest_first else None
        return shared_values(self.lead, latest)

    def invite(self, moment=None, note=""):
        """The employer's answer: a kennismaking at moment, or they will call (None)."""
        changes = {"meeting_proposed_for": moment, "will_call": moment is None}
        self.answer(self.Status.MEETING, invitation_note=note, **changes)

    def decline_for_employer(self, reason, note=""):
        """The employer's answer: the person does not fit, for reason (a Reason)."""
        changes = {"declined_by": self.DeclinedBy.EMPLOYER, "decline_category": reason}
        self.answer(self.Status.DECLINED, decline_reason=note, **changes)

    def answer(self, status, **changes):
        """Record the employer's answer once, tell the person and admissions, and note it in
        the employer's history. AlreadyAnswered when it is no longer awaited."""
        from . import mails  # the mails import this module

        with transaction.atomic():
            introduction = self.locked()
            if introduction is None or not introduction.awaits_employer:
                raise AlreadyAnswered
            for name, value in {**changes, "answered_at": timezone.now()}.items():
                setattr(introduction, name, value)
            introduction.move_to(status)
            introduction.save()
            invited = status == self.Status.MEETING
            what = _("Kandidaat uitgenodigd") if invited else _("Kandidaat past niet")
            introduction.werkplek.employer.record(what, werkplek=introduction.werkplek)
            outbox.queue_again(mails.employer_answer, self.pk)
            outbox.queue_again(mails.introduction_notice, self.pk)
        self.refresh_from_db()

    def reply_as_candidate(self, reply, note=""):
        """The person's reply (a CandidateReply); withdrawing declines the introduction and
        tells the employer. AlreadyAnswered when the introduction is no longer open."""
        from . import mails  # the mails import this module

        with transaction.atomic():
            introduction = self.locked()
            if introduction is None or not introduction.open_for_candidate:
                raise AlreadyAnswered
            introduction.candidate_reply, introduction.candidate_note = reply, note
            introduction.candidate_replied_at = timezone.now()
            withdraws = reply == self.CandidateReply.WITHDRAW
            if withdraws:
                introduction.declined_by = self.DeclinedBy.CANDIDATE
                introduction.move_to(self.Status.DECLINED)
            introduction.save()
            label = introduction.get_candidate_reply_display().lower()
            what = _("Gereageerd op een kennismaking: %(reply)s") % {"reply": label}
            introduction.lead.record(what)
            outbox.queue_again(mails.introduction_notice, self.pk)
            if withdraws:
                outbox.queue_again(mails.candidate_declined, self.pk)
        self.refresh_from_db()

    def locked(self):
        """This introduction as stored now, locked until the transaction ends."""
        rows = Introduction.objects.select_for_update(of=("self",))
        return rows.select_related("lead", "werkplek__employer").filter(pk=self.pk).first()

    def clean(self):
        if self.status == self.Status.DECLINED and not self.declined_by:
            raise ValidationError({"declined_by": _("Vul in wie heeft afgewezen.")})
