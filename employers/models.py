"""Mkb employers, their open work-learn places (werkplekken), and introductions to them."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leads import outbox
from mkbroute.lib import geo, tone_text
from mkbroute.lib.history import Happening
from mkbroute.lib.personal_links import Scope
from mkbroute.lib.queries import Prepared
from mkbroute.lib.slugs import save_with_free_slug
from mkbroute.lib.text import render_markdown

from .alerts import Alert, Digest  # noqa: F401 (saved searches mailed weekly: see alerts.py)
from .bases import Located, StatusTracked, validate_pc4  # noqa: F401 (the migrations name it)
from .introductions import SHARED, Introduction, NoConsent, may_share  # noqa: F401
from .lifecycle import Lifecycle
from .links import WerkplekIntake, WerkplekProgramme  # and Reply: what ties a werkplek to others
from .pending import WerkplekChange  # noqa: F401 (a change that waits for admissions' check)

OPEN_DAYS = 120  # how long a new werkplek stays open unless it says otherwise
# Freshness (employers/freshness.py): days after the last confirmation that its employer is
# asked whether a place is still open, and days they have to answer before it leaves the site.
ASK_AFTER_DAYS, ANSWER_WITHIN_DAYS = 30, 14
MKB_MAX_EMPLOYEES = 250  # the European definition of an SME: fewer than 250 people
# An employer's personal link (/werkgevers/mijn/) in the mails to its contact person.
LINKS = Scope(name="werkgever", days=30, path="/werkgevers/mijn/", request_url="employers:link")
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
    # Raised to make every personal link sent before void (mkbroute.lib.personal_links).
    link_version = models.PositiveIntegerField(default=1, editable=False)
    # The id of the registration form's one-time token: one form makes one registration.
    form_token = models.CharField(max_length=64, blank=True, editable=False)

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REGISTERED
    )
    notes = models.TextField(_("notities van toelating"), blank=True)
    created_at = models.DateTimeField(_("aangemeld op"), default=timezone.now)

    objects = EmployerQuerySet.as_manager()

    loaded_status = None  # the status as read from the database; None for a new employer
    loaded_contact = None  # the contact person's name and address as read from the database

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
        if self.loaded_contact not in (None, self.contact):
            # A new contact person: the links the old one has stop working.
            self.link_version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "link_version"}
        if self.slug:
            super().save(*args, **kwargs)
        else:
            text = f"{self.name} {self.place}"
            save_with_free_slug(self, text, "werkgever", super().save, *args, **kwargs)
        self.loaded_contact = self.contact

    @classmethod
    def from_db(cls, db, field_names, values):
        employer = super().from_db(db, field_names, values)
        employer.loaded_status = employer.__dict__.get("status")
        if {"contact_name", "contact_email"} <= set(field_names):
            employer.loaded_contact = employer.contact
        return employer

    @property
    def contact(self):
        return (self.contact_name, self.contact_email.lower())

    def personal_link(self):
        """The link to /werkgevers/mijn/ for a mail to the contact person."""
        return LINKS.url(reverse("employers:mine"), self.pk, self.link_version)

    def revoke_links(self, user=None):
        """Make every link sent before void; the next mail carries a new one."""
        Employer.objects.filter(pk=self.pk).update(link_version=models.F("link_version") + 1)
        self.refresh_from_db(fields=["link_version"])
        self.history.create(what=_("Persoonlijke links ingetrokken"), by=user)

    def record(self, what, via_link=True, user=None, werkplek=None):
        """Note in the employer's history what was done, by the link or by staff."""
        return self.history.create(what=what, via_link=via_link, by=user, werkplek=werkplek)

    def changes_public_pages(self):
        """Whether saving (or deleting) it changes what visitors see (mkbroute.lib.content):
        only a screened employer's places are public, so a registration changes nothing
        until admissions screen it, and then screening, stopping or editing it does."""
        return self.is_public or self.loaded_status in PUBLIC_STATUSES

    @property
    def is_mkb(self):
        return self.employees < MKB_MAX_EMPLOYEES

    def queue_notification(self):
        """Tell admissions about a new registration, and confirm it to the contact person with
        their link, in the caller's transaction."""
        from . import mails  # the mails import this module

        outbox.queue(mails.registration_notice, self.pk)
        outbox.queue(mails.registration_confirmation, self.pk)

    @property
    def is_public(self):
        return self.status in PUBLIC_STATUSES


PUBLIC_STATUSES = (Employer.Status.SCREENED, Employer.Status.ACTIVE)


def employer_for_link(pk, version):
    """The employer a personal link names, while it is theirs (see LINKS)."""
    return _linked_employer.first(pk, version)


# Asked on every request behind a link: its SQL is built once (mkbroute.lib.queries).
_linked_employer = Prepared(
    lambda pk, version: (
        Employer.objects.exclude(contact_email="")
        .exclude(status=Employer.Status.STOPPED)
        .filter(pk=pk, link_version=version)[:1]
    )
)


class EmployerHistory(Happening):
    """What happened to an employer's data and places: by its link, or by admissions."""

    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="history", verbose_name=_("werkgever")
    )
    werkplek = models.ForeignKey(
        "employers.Werkplek",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("werkplek"),
    )

    class Meta(Happening.Meta):
        verbose_name = _("gebeurtenis")
        verbose_name_plural = _("geschiedenis")

    def changes_public_pages(self):
        """The history shows only to its employer and admissions (see mkbroute.lib.content)."""
        return False


def default_open_until():
    return timezone.localdate() + datetime.timedelta(days=OPEN_DAYS)


class WerkplekQuerySet(models.QuerySet):
    def public(self, today=None):
        """Open, checked places of screened employers, not past their closing date."""
        today = today or timezone.localdate()
        return self.filter(
            status=Werkplek.Status.OPEN,
            employer__status__in=PUBLIC_STATUSES,
            open_until__gte=today,
            screened_at__isnull=False,
        )

    def waiting_for_check(self):
        """Places (not closed) that are new, or have a change, for admissions to check."""
        waiting = models.Q(screened_at=None) | models.Q(pending_change__isnull=False)
        return self.filter(waiting).exclude(status__in=Werkplek.CLOSED)

    def for_cards(self):
        return self.select_related("employer").prefetch_related("programmes", "intakes")


class Werkplek(Lifecycle, Located):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        FILLED = "vervuld", _("Vervuld")
        CLOSED = "gesloten", _("Gesloten")
        # Its employer did not say it is still open when asked (see freshness).
        UNCONFIRMED = "onbevestigd", _("Niet bevestigd")

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
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    created_at = models.DateTimeField(_("geplaatst"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # When its employer (or admissions) last said the place is still open: "bijgewerkt op".
    confirmed_at = models.DateTimeField(_("laatst bevestigd"), default=timezone.now)
    # Empty while a place its employer added through their link waits for admissions' check.
    # A place made by admissions or in a registration is checked with it: a registration's
    # places show only once admissions screened the employer.
    screened_at = models.DateTimeField(
        _("gecontroleerd op"),
        null=True,
        blank=True,
        default=timezone.now,
        help_text=_("Leeg: wacht op controle door toelating, en staat zo lang niet op de site."),
    )
    # When its employer was last asked whether it is still open; a question later than the
    # last confirmation is still waiting for its answer.
    asked_at = models.DateTimeField(_("gevraagd of hij nog open is"), null=True, blank=True)

    objects = WerkplekQuerySet.as_manager()

    CLOSED = (Status.FILLED, Status.CLOSED)

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

    @property
    def status_label(self):
        """get_status_display() without building the choices anew: a list shows many."""
        return self.Status(self.status).label

    @property
    def awaits_confirmation(self):
        """Its employer was asked whether it is still open, and has not said yet."""
        asked = self.asked_at is not None and self.asked_at > self.confirmed_at
        return asked and self.status == self.Status.OPEN

    @property
    def asked_whether_open(self):
        """Whether its page asks "staat deze werkplek nog open?": the question awaits an
        answer, or the place left the site for want of one (the employer can confirm it back)."""
        return self.awaits_confirmation or self.status == self.Status.UNCONFIRMED

    @property
    def leaves_site_on(self):
        """The day it leaves the site unless its employer confirms it (when awaited)."""
        asked_on = timezone.localdate(self.asked_at)
        return asked_on + datetime.timedelta(days=ANSWER_WITHIN_DAYS)

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
            # Ours, and stable: the slug may be edited, the id never changes.
            "identifier": {
                "@type": "PropertyValue",
                "name": settings.SCHOOL_NAME,
                "value": str(self.pk),
            },
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
            data["baseSalary"] = self.base_salary()
        return data

    def base_salary(self):
        """The salary per month as schema.org has it: one amount, a range, or one end of it."""
        value = {"@type": "QuantitativeValue", "unitText": "MONTH"}
        if self.salary_min and self.salary_min == self.salary_max:
            value["value"] = self.salary_min
        else:
            if self.salary_min:
                value["minValue"] = self.salary_min
            if self.salary_max:
                value["maxValue"] = self.salary_max
        return {"@type": "MonetaryAmount", "currency": "EUR", "value": value}


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
