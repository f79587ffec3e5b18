"""Introductions: a person proposed for a werkplek by admissions, up to the signed
tripartite agreement, and what the employer may hear of them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leads import outbox

from .bases import StatusTracked


class IntroductionQuerySet(models.QuerySet):
    def accepted(self):
        return self.filter(status__in=Introduction.ACCEPTED)


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


def may_share(lead, werkplek):
    """Whether the person consented (and confirmed by mail) to sharing with this employer:
    with mkb employers in general, or with this place's employer when replying to it."""
    from leads.models import Consent

    in_effect = Consent.objects.in_effect().filter(submission__lead=lead)
    general = in_effect.filter(purpose=Consent.Purpose.PARTNERS)
    this_place = in_effect.filter(
        purpose=Consent.Purpose.EMPLOYER, submission__werkplek_reply__werkplek=werkplek
    )
    return general.exists() or this_place.exists()


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

    ACCEPTED = (Status.AGREED, Status.SIGNED)
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

    objects = IntroductionQuerySet.as_manager()

    MOMENTS = {
        Status.MEETING: "met_at",
        Status.AGREED: "agreed_at",
        Status.SIGNED: "signed_at",
        Status.DECLINED: "declined_at",
    }

    class Meta:
        ordering = ["-proposed_at"]
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
        """Propose the person for the place and mail its employer what they may know.

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
        return introduction, created

    def changes_public_pages(self):
        """Introductions show only in the admin (see mkbroute.lib.content)."""
        return False

    def clean(self):
        if self.status == self.Status.DECLINED and not self.declined_by:
            raise ValidationError({"declined_by": _("Vul in wie heeft afgewezen.")})
