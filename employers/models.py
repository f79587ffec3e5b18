"""Mkb employers, their open work-learn places (werkplekken), and introductions to them."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leads import outbox
from mkbroute.lib import geo, tone_text
from mkbroute.lib.slugs import save_with_free_slug
from mkbroute.lib.text import render_markdown

from .bases import Located, StatusTracked, validate_pc4  # noqa: F401 (the migrations name it)
from .links import WerkplekIntake, WerkplekProgramme  # and Reply: what ties a werkplek to others

OPEN_DAYS = 120  # how long a new werkplek stays open unless it says otherwise
MKB_MAX_EMPLOYEES = 250  # the European definition of an SME: fewer than 250 people
KVK = RegexValidator(r"^\d{8}$", _("Een KvK-nummer bestaat uit acht cijfers, zoals 12345678."))


class EmployerQuerySet(models.QuerySet):
    def screened(self):
        """Employers admissions have screened and not stopped: their places may be public."""
        return self.filter(status__in=PUBLIC_STATUSES)


class Employer(Located, StatusTracked):
    class Status(models.TextChoices):
        REGISTERED = "aangemeld", _("Aangemeld")
        SCREENED = "gescreend", _("Gescreend")
        ACTIVE = "actief", _("Actief")
        STOPPED = "gestopt", _("Gestopt")

    class Sector(models.TextChoices):
        ICT = "ict", _("ICT en software")
        TECHNIEK = "techniek", _("Techniek en installatie")
        BOUW = "bouw", _("Bouw en infra")
        ZORG = "zorg", _("Zorg en welzijn")
        HANDEL = "handel", _("Handel en logistiek")
        ZAKELIJK = "zakelijk", _("Zakelijke dienstverlening")
        HORECA = "horeca", _("Horeca en toerisme")
        ONDERWIJS = "onderwijs", _("Onderwijs en kinderopvang")
        OVERIG = "overig", _("Anders")

    name = models.CharField(_("bedrijfsnaam"), max_length=150)
    slug = models.SlugField(_("naam in het adres"), unique=True, max_length=80)
    kvk_number = models.CharField(_("KvK-nummer"), max_length=8, validators=[KVK], unique=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    employees = models.PositiveIntegerField(
        _("aantal medewerkers"), validators=[MinValueValidator(1)]
    )
    website = models.URLField(_("website"), blank=True)

    # The contact person is personal data: only admissions see it, behind a second factor.
    contact_name = models.CharField(_("naam contactpersoon"), max_length=150)
    contact_role = models.CharField(_("functie contactpersoon"), max_length=100, blank=True)
    contact_email = models.EmailField(_("e-mail contactpersoon"), max_length=254)
    contact_phone = models.CharField(_("telefoon contactpersoon"), max_length=40, blank=True)
    privacy_version = models.CharField(
        _("versie privacyverklaring"), max_length=20, blank=True, editable=False
    )
    # The id of the registration form's one-time token: one form makes one registration.
    form_token = models.CharField(max_length=64, blank=True, editable=False)

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REGISTERED
    )
    notes = models.TextField(_("notities van toelating"), blank=True)
    created_at = models.DateTimeField(_("aangemeld op"), default=timezone.now)

    objects = EmployerQuerySet.as_manager()

    loaded_status = None  # the status as read from the database; None for a new employer

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["form_token"],
                condition=~models.Q(form_token=""),
                name="one_employer_per_form",
            )
        ]
        verbose_name = _("werkgever")
        verbose_name_plural = _("werkgevers")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.slug:
            return super().save(*args, **kwargs)
        text = f"{self.name} {self.place}"
        return save_with_free_slug(self, text, "werkgever", super().save, *args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        employer = super().from_db(db, field_names, values)
        employer.loaded_status = employer.__dict__.get("status")
        return employer

    def changes_public_pages(self):
        """Whether saving (or deleting) it changes what visitors see (mkbroute.lib.content):
        only a screened employer's places are public, so a registration changes nothing
        until admissions screen it, and then screening, stopping or editing it does."""
        return self.is_public or self.loaded_status in PUBLIC_STATUSES

    @property
    def is_mkb(self):
        return self.employees < MKB_MAX_EMPLOYEES

    def queue_notification(self):
        """Tell admissions about a new registration, in the caller's transaction."""
        from . import mails  # the mails import this module

        outbox.queue(mails.registration_notice, self.pk)

    @property
    def is_public(self):
        return self.status in PUBLIC_STATUSES


PUBLIC_STATUSES = (Employer.Status.SCREENED, Employer.Status.ACTIVE)


def default_open_until():
    return timezone.localdate() + datetime.timedelta(days=OPEN_DAYS)


class WerkplekQuerySet(models.QuerySet):
    def public(self, today=None):
        """Open places of screened employers, not past their closing date."""
        today = today or timezone.localdate()
        return self.filter(
            status=Werkplek.Status.OPEN, employer__status__in=PUBLIC_STATUSES, open_until__gte=today
        )

    def for_cards(self):
        return self.select_related("employer").prefetch_related("programmes", "intakes")


class Werkplek(Located):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        FILLED = "vervuld", _("Vervuld")
        CLOSED = "gesloten", _("Gesloten")

    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="werkplekken", verbose_name=_("werkgever")
    )
    title = models.CharField(_("functie"), max_length=120)
    slug = models.SlugField(_("naam in het adres"), unique=True, max_length=80)
    programmes = models.ManyToManyField(
        "programmes.Programme",
        through=WerkplekProgramme,
        related_name="+",
        verbose_name=_("past bij de opleidingen"),
    )
    intakes = models.ManyToManyField(
        "programmes.Intake",
        through=WerkplekIntake,
        blank=True,
        related_name="+",
        verbose_name=_("kan starten bij"),
        help_text=_("Leeg: bij elk instroommoment van de opleidingen."),
    )
    hours_per_week = models.PositiveSmallIntegerField(
        _("uren per week"), validators=[MinValueValidator(16), MaxValueValidator(40)]
    )
    has_supervisor = models.BooleanField(
        _("praktijkopleider beschikbaar"),
        default=True,
        help_text=_("Iemand in het bedrijf die tijd heeft om de deelnemer te begeleiden."),
    )
    salary_min = models.PositiveIntegerField(
        _("salaris vanaf (euro per maand)"), null=True, blank=True
    )
    salary_max = models.PositiveIntegerField(
        _("salaris tot (euro per maand)"), null=True, blank=True
    )
    description = tone_text.TonedTextField(
        _("omschrijving"),
        help_text=_("Markdown. Plaatshouders zoals {jij} of {lerende} volgen de toon."),
    )
    places = models.PositiveSmallIntegerField(
        _("aantal plekken"), default=1, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    open_until = models.DateField(
        _("open tot"),
        default=default_open_until,
        help_text=_("Daarna verdwijnt de werkplek vanzelf van de site."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    created_at = models.DateTimeField(_("geplaatst"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WerkplekQuerySet.as_manager()

    loaded_employer_id = None  # the employer as read from the database; None for a new place

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("werkplek")
        verbose_name_plural = _("werkplekken")

    def __str__(self):
        return f"{self.title}, {self.employer.name}" if self.employer_id else self.title

    def save(self, *args, **kwargs):
        if self.slug:
            return super().save(*args, **kwargs)
        text = f"{self.title} {self.place}"
        return save_with_free_slug(self, text, "werkplek", super().save, *args, **kwargs)

    def get_absolute_url(self):
        return reverse("employers:werkplek", args=[self.slug])

    @classmethod
    def from_db(cls, db, field_names, values):
        werkplek = super().from_db(db, field_names, values)
        werkplek.loaded_employer_id = werkplek.__dict__.get("employer_id")
        return werkplek

    def changes_public_pages(self):
        """A place shows only while its employer is screened (see public()): a place of an
        employer nobody sees yet changes nothing public, unless it was moved from another."""
        if self.loaded_employer_id not in (None, self.employer_id):
            return True
        try:
            return self.employer.is_public
        except Employer.DoesNotExist:  # deleted with its employer
            return True

    def clean(self):
        low, high = self.salary_min, self.salary_max
        if low is not None and high is not None and low > high:
            raise ValidationError(
                {"salary_max": _("Het salaris 'tot' is lager dan het salaris 'vanaf'.")}
            )

    def description_html(self, tone):
        return render_markdown(tone.render(self.description))

    @property
    def employment_type(self):
        return "FULL_TIME" if self.hours_per_week >= 36 else "PART_TIME"

    def json_ld(self, request, tone):
        """schema.org JobPosting for search engines, as a dict ready for json.dumps."""
        programmes = list(self.programmes.all())
        names = ", ".join(f"{p.name} ({p.get_degree_display()})" for p in programmes)
        location = {
            "@type": "PostalAddress",
            "addressLocality": self.place,
            "postalCode": self.pc4,
            "addressRegion": str(geo.PROVINCES.get(self.province, "")),
            "addressCountry": "NL",
        }
        organisation = {"@type": "Organization", "name": self.employer.name}
        if self.employer.website:
            organisation["sameAs"] = self.employer.website
        data = {
            "@context": "https://schema.org",
            "@type": "JobPosting",
            "title": self.title,
            "description": self.description_html(tone),
            "datePosted": timezone.localtime(self.created_at).date().isoformat(),
            "validThrough": self.open_until.isoformat(),
            "employmentType": self.employment_type,
            "hiringOrganization": organisation,
            "jobLocation": {"@type": "Place", "address": location},
            "url": request.build_absolute_uri(self.get_absolute_url()),
            "directApply": True,
            "totalJobOpenings": self.places,
            "workHours": str(_("%(hours)s uur per week") % {"hours": self.hours_per_week}),
            "educationRequirements": str(
                _(
                    "Toelaatbaar tot %(names)s: werken en ernaast de opleiding volgen in "
                    "de Mkb-route."
                )
                % {"names": names}
            ),
            "occupationalCategory": programmes[0].field.name if programmes else "",
        }
        if self.salary_min or self.salary_max:
            value = {"@type": "QuantitativeValue", "unitText": "MONTH"}
            if self.salary_min:
                value["minValue"] = self.salary_min
            if self.salary_max:
                value["maxValue"] = self.salary_max
            data["baseSalary"] = {"@type": "MonetaryAmount", "currency": "EUR", "value": value}
        return data


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
        Werkplek,
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


class EmployerSection(models.Model):
    """A section of the page for employers, written by communications in the u-tone."""

    heading = tone_text.TonedCharField(_("kop"), max_length=120)
    body = tone_text.TonedTextField(_("tekst"), help_text=_("Markdown."))
    order = models.PositiveSmallIntegerField(_("volgorde"), default=100)
    published = models.BooleanField(_("gepubliceerd"), default=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("tekstblok voor werkgevers")
        verbose_name_plural = _("tekstblokken voor werkgevers")

    def __str__(self):
        return self.heading

    def body_html(self, tone):
        return render_markdown(tone.render(self.body))
