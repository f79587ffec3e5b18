"""The catalogue: programmes with the places they run and the intakes they start on."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from mkbroute.lib import tone_text
from mkbroute.lib.images import PictureField

from ..intake_states import FULL, LATE, NOT_OPEN, OPEN, accepts_applications, intake_state
from .source import IntakeSource, ProgrammeSource


class Education(models.TextChoices):
    """A person's highest finished education: what admission depends on, asked on the site."""

    VMBO_MBO23 = "vmbo_mbo23", _("Vmbo, of mbo niveau 2 of 3")
    MBO4 = "mbo4", _("Mbo niveau 4")
    HAVO = "havo", _("Havo")
    VWO = "vwo", _("Vwo")
    HBO_STARTED = "hbo_started", _("Voltijd hbo, gestopt of bezig")
    HBO_OR_HIGHER = "hbo_or_higher", _("Hbo- of wo-diploma")


class Field(models.Model):
    """A field of study (vakgebied) that visitors filter on, such as 'ICT' or 'Zorg'."""

    name = models.CharField(_("naam"), max_length=80, unique=True)
    slug = models.SlugField(_("naam in het adres"), unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("vakgebied")
        verbose_name_plural = _("vakgebieden")

    def __str__(self):
        return self.name


class Location(models.Model):
    """A town where programmes run, with the address of the campus there: events at this
    location give it to visitors and to search engines."""

    name = models.CharField(_("naam"), max_length=80, unique=True)
    slug = models.SlugField(_("naam in het adres"), unique=True)
    street_address = models.CharField(
        _("straat en huisnummer"), max_length=120, blank=True, help_text=_("Van de campus.")
    )
    postal_code = models.CharField(
        _("postcode"),
        max_length=7,
        blank=True,
        validators=[RegexValidator(r"^\d{4} [A-Z]{2}$", _("Schrijf de postcode als 3584 CS."))],
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("locatie")
        verbose_name_plural = _("locaties")

    def __str__(self):
        return self.name


class ProgrammeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def filtered(self, degree=None, field=None, location=None):
        """Narrow down by the values of the public filter form; None means no filter."""
        programmes = self
        if degree:
            programmes = programmes.filter(degree=degree)
        if field:
            programmes = programmes.filter(field=field)
        if location:
            programmes = programmes.filter(locations=location)
        return programmes

    def for_cards(self):
        return self.select_related("field").prefetch_related("locations")

    def without_future_intake(self, today=None):
        today = today or timezone.localdate()
        future = Intake.objects.filter(start_date__gt=today, archived=False)
        return self.exclude(pk__in=future.values("programme"))

    def with_upcoming_intakes(self):
        """Prefetch each programme's coming intakes as `upcoming_intakes`, in one query."""
        return self.prefetch_related(
            Prefetch("intakes", queryset=Intake.objects.upcoming(), to_attr="upcoming_intakes")
        )


class Programme(ProgrammeSource, models.Model):
    class Degree(models.TextChoices):
        AD = "ad", _("Associate degree")
        BACHELOR = "bachelor", _("Bachelor")

    class Payer(models.TextChoices):
        EMPLOYER = "employer", _("Meestal de werkgever")
        SHARED = "shared", _("Werkgever en deelnemer samen")
        PARTICIPANT = "participant", _("De deelnemer zelf")

    name = models.CharField(_("naam"), max_length=120)
    slug = models.SlugField(_("naam in het adres"), unique=True)
    degree = models.CharField(_("graad"), max_length=10, choices=Degree.choices)
    field = models.ForeignKey(
        Field, on_delete=models.PROTECT, related_name="programmes", verbose_name=_("vakgebied")
    )
    croho_code = models.CharField(
        _("CROHO-code"),
        max_length=5,
        blank=True,
        validators=[RegexValidator(r"^\d{5}$", _("Een CROHO-code bestaat uit vijf cijfers."))],
    )
    ec = models.PositiveSmallIntegerField(
        _("studiepunten (EC)"), choices=[(120, "120 EC"), (240, "240 EC")]
    )
    duration_years = models.PositiveSmallIntegerField(
        _("duur in jaren"), validators=[MinValueValidator(1), MaxValueValidator(6)]
    )
    study_days = models.DecimalField(
        _("studiedagen per week"),
        max_digits=2,
        decimal_places=1,
        default=1,
        validators=[MinValueValidator(0.5), MaxValueValidator(3)],
    )
    work_days = models.DecimalField(
        _("werkdagen per week"),
        max_digits=2,
        decimal_places=1,
        default=4,
        validators=[MinValueValidator(2), MaxValueValidator(4.5)],
    )
    contact_hours = models.PositiveSmallIntegerField(
        _("contacturen per week"),
        default=8,
        validators=[MaxValueValidator(40)],
        help_text=_("Lessen, werkcolleges en begeleiding op de hogeschool of online."),
    )
    self_study_hours = models.PositiveSmallIntegerField(
        _("uren zelfstudie per week"),
        default=10,
        validators=[MaxValueValidator(40)],
        help_text=_("Lezen, opdrachten en toetsen voorbereiden, naast het werk."),
    )
    locations = models.ManyToManyField(
        Location, related_name="programmes", verbose_name=_("locaties")
    )
    admission_requirements = tone_text.TonedTextField(
        _("toelatingseisen"),
        help_text=_("Markdown. Welke vooropleiding toegang geeft, en wat er verder nodig is."),
    )
    entrance_test = models.BooleanField(
        _("21+-toets mogelijk"),
        default=True,
        help_text=_(
            "Wie 21 of ouder is en niet de vereiste vooropleiding heeft, kan toelatingstoets doen."
        ),
    )
    tuition_eur = models.DecimalField(
        _("collegegeld per jaar (euro)"),
        max_digits=7,
        decimal_places=2,
        help_text=_(
            "Staat op de site als verwacht bedrag voor een studiejaar waarvoor onder "
            "Collegegeld nog geen bedrag is ingevoerd."
        ),
    )
    tuition_payer = models.CharField(
        _("wie betaalt het collegegeld"),
        max_length=12,
        choices=Payer.choices,
        default=Payer.EMPLOYER,
    )
    workplace_requirements = tone_text.TonedTextField(
        _("wat de werkplek moet bieden"),
        help_text=_("Markdown. Het soort werk dat past bij de opleiding."),
    )
    workplace_hours = models.PositiveSmallIntegerField(
        _("minimaal uren werk per week"),
        default=24,
        validators=[MinValueValidator(8), MaxValueValidator(40)],
    )
    workplace_supervisor = models.BooleanField(_("praktijkopleider vereist"), default=True)
    occupation = models.CharField(
        _("beroep"),
        max_length=120,
        blank=True,
        help_text=_("Het beroep waartoe de opleiding leidt."),
    )
    summary = tone_text.TonedCharField(
        _("samenvatting"),
        max_length=300,
        help_text=_("Op de kaart in de lijst, onder de kop van de pagina en in zoekmachines."),
    )
    body = tone_text.TonedTextField(
        _("tekst"),
        blank=True,
        help_text=_("Markdown. Het verhaal van de opleiding, onder de afbeelding."),
    )
    image = PictureField(
        _("afbeelding"),
        upload_to="programmes/",
        blank=True,
        width_field="image_width",
        height_field="image_height",
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_alt = models.CharField(
        _("beschrijving van de afbeelding"),
        max_length=200,
        blank=True,
        help_text=_("Voor wie de afbeelding niet ziet. Leeg laten als de foto alleen sfeer geeft."),
    )
    published = models.BooleanField(
        _("gepubliceerd"),
        default=False,
        help_text=_("Alleen gepubliceerde opleidingen zijn te zien."),
    )
    order = models.PositiveSmallIntegerField(
        _("volgorde"),
        default=100,
        help_text=_("Lager staat eerder; de eerste vier staan op de startpagina."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("opleiding")
        verbose_name_plural = _("opleidingen")

    def __str__(self):
        return f"{self.get_degree_display()} {self.name}"

    def get_absolute_url(self):
        return reverse("programmes:detail", args=[self.slug])

    def clean(self):
        days = (self.study_days or 0) + (self.work_days or 0)
        if days > 5:
            raise ValidationError(
                _("Studie- en werkdagen samen zijn meer dan vijf dagen per week.")
            )
        expected_ec = {self.Degree.AD: 120, self.Degree.BACHELOR: 240}.get(self.degree)
        if expected_ec and self.ec and self.ec != expected_ec:
            raise ValidationError(
                {
                    "ec": _("Een %(degree)s heeft %(ec)s EC.")
                    % {"degree": self.get_degree_display(), "ec": expected_ec}
                }
            )

    @property
    def shown_locations(self):
        """The locations its card names: as a page read them with it (locations_read), else
        through locations (prefetched by for_cards())."""
        read = self.__dict__.get("locations_read")
        return read if read is not None else self.locations.all()

    def next_intake(self):
        if hasattr(self, "upcoming_intakes"):
            return next(iter(self.upcoming_intakes), None)
        return self.intakes.upcoming().first()

    def intakes_today(self, today=None):
        """The coming intakes, each with `state_code` and `state_text` for today; a closed or
        full one names the next start that still takes people."""
        today = today or timezone.localdate()
        if hasattr(self, "upcoming_intakes"):
            intakes = list(self.upcoming_intakes)
        else:
            intakes = list(self.intakes.upcoming())
        for index, intake in enumerate(intakes):
            intake.state_code = intake.state(today)
            later = intakes[index + 1 :]
            following = next((i for i in later if i.accepts_applications(today)), None)
            intake.state_text = intake.state_label(today, following)
        return intakes

    def next_open_intake(self, today=None):
        """The first coming intake that takes applications today, or None."""
        today = today or timezone.localdate()
        return next((i for i in self.intakes_today(today) if i.accepts_applications(today)), None)

    def tuition_on(self, intake=None, institutional=False):
        """The tuition per year for a start (or today): tuitions_on()'s statutory one, or its
        institutional one for those who already hold a higher education degree."""
        statutory, higher = self.tuitions_on(intake)
        return higher if institutional and higher else statutory

    def tuitions_on(self, intake=None):
        """(statutory, institutional) tuition per year for a start (or today), as Amounts in
        the academic year of that day, from the dated rates. With no rate entered for that
        year: the programme's own figure as an expected amount, and no institutional one."""
        from .costs import AcademicYear, Amount, Tuition  # costs.py imports Programme

        day = intake.start_date if intake else timezone.localdate()
        # Read once per object and day: its page asks twice (its facts and its schema.org
        # data), and a kept programme lives for one content version, which an edit ends.
        rates = self.__dict__.setdefault("_tuition_rates", {})
        if day not in rates:
            rates[day] = Tuition.on(self, day)
        year, rate = AcademicYear.of(day), rates[day]
        if rate is None:
            return Amount(self.tuition_eur, year, expected=True), None
        return (
            Amount(rate.statutory_eur, year, rate.expected),
            Amount(rate.institutional_eur, year, rate.expected),
        )

    @property
    def study_hours(self):
        return self.contact_hours + self.self_study_hours


class IntakeQuerySet(models.QuerySet):
    def upcoming(self):
        """The coming intakes on the site, in forms and reminders: not archived (and so in
        programmes.views.read_programme, which picks them in Python)."""
        upcoming = self.filter(start_date__gte=timezone.localdate(), archived=False)
        return upcoming.order_by("start_date")

    def closed_before_start(self, today=None):
        """Intakes still to start whose last day to apply has passed."""
        today = today or timezone.localdate()
        return self.filter(start_date__gt=today, application_deadline__lt=today, archived=False)


class Intake(IntakeSource, models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="intakes", verbose_name=_("opleiding")
    )
    start_date = models.DateField(_("startdatum"))
    application_deadline = models.DateField(
        _("aanmelden tot en met"),
        help_text=_("De laatste dag, zelf meegeteld, om in Studielink aan te melden."),
    )
    applications_open = models.DateField(
        _("aanmelden vanaf"),
        null=True,
        blank=True,
        help_text=_("Vanaf deze dag kan aanmelden in Studielink. Leeg: het kan al."),
    )
    admission_right_until = models.DateField(
        _("recht op toelating bij aanmelden tot en met"),
        null=True,
        blank=True,
        help_text=_(
            "De laatste dag, zelf meegeteld, waarop aanmelden in Studielink recht geeft op "
            "toelating (wie aan de toelatingseisen voldoet) en op een studiekeuzecheck. Voor "
            "een start in september is dat 1 mei. Wie later aanmeldt, wordt toegelaten als het "
            "nog kan. Leeg: geen zo'n datum."
        ),
    )
    interview_by = models.DateField(_("intakegesprek uiterlijk"), null=True, blank=True)
    workplace_by = models.DateField(
        _("werkplek geregeld vóór"),
        null=True,
        blank=True,
        help_text=_("De dag waarop de arbeidsovereenkomst bij een mkb-bedrijf er moet zijn."),
    )
    is_full = models.BooleanField(
        _("vol"), default=False, help_text=_("Aan: deze start neemt niemand meer aan.")
    )
    # Reminders and werkplekken point at an intake, so one that is no longer offered is
    # archived rather than deleted (mkbroute/lib/in_use.py).
    archived = models.BooleanField(
        _("gearchiveerd"),
        default=False,
        help_text=_("Niet meer op de site, in formulieren en herinneringen."),
    )

    objects = IntakeQuerySet.as_manager()

    class Meta:
        ordering = ["start_date"]
        verbose_name = _("instroommoment")
        verbose_name_plural = _("instroommomenten")

    def __str__(self):
        return f"{self.programme.name}: {self.start_date:%d-%m-%Y}"

    def clean(self):
        start, deadline = self.start_date, self.application_deadline
        errors = {}
        if start and deadline and deadline > start:
            errors["application_deadline"] = _("De aanmelddeadline ligt na de startdatum.")
        for name in (
            "applications_open",
            "admission_right_until",
            "interview_by",
            "workplace_by",
        ):
            value = getattr(self, name)
            if start and value and value > start:
                errors[name] = _("Deze datum ligt na de startdatum.")
        if self.applications_open and deadline and self.applications_open > deadline:
            errors["applications_open"] = _("Aanmelden opent na de aanmelddeadline.")
        right_until = self.admission_right_until
        if right_until and deadline and right_until > deadline:
            errors["admission_right_until"] = _("Deze datum ligt na de aanmelddeadline.")
        if errors:
            raise ValidationError(errors)

    @property
    def deadline_passed(self):
        return self.application_deadline < timezone.localdate()

    def state(self, today=None):
        """This intake's application state on today (see intake_states)."""
        return intake_state(
            today or timezone.localdate(),
            start=self.start_date,
            deadline=self.application_deadline,
            opens=self.applications_open,
            admission_right_until=self.admission_right_until,
            full=self.is_full,
            closed=self.registration_closed,
        )

    def accepts_applications(self, today=None):
        return accepts_applications(self.state(today))

    def state_label(self, today=None, following=None):
        """The state as a visitor reads it; following is the next start that takes people."""
        state = self.state(today)
        if state == OPEN and self.admission_right_until:
            return _(
                "Aanmelden tot en met %(right)s geeft recht op toelating en een "
                "studiekeuzecheck; aanmelden kan tot en met %(deadline)s"
            ) % {
                "right": date_format(self.admission_right_until, "j F Y"),
                "deadline": date_format(self.application_deadline, "j F Y"),
            }
        if state == OPEN:
            return _("Aanmelden kan tot en met %(date)s") % {
                "date": date_format(self.application_deadline, "j F Y")
            }
        if state == LATE:
            return _(
                "Na %(date)s: aanmelden kan nog tot en met %(deadline)s, zonder recht op toelating"
            ) % {
                "date": date_format(self.admission_right_until, "j F"),
                "deadline": date_format(self.application_deadline, "j F"),
            }
        if state == NOT_OPEN:
            return _("Aanmelden kan vanaf %(date)s") % {
                "date": date_format(self.applications_open, "j F Y")
            }
        if state == FULL:
            return _("Vol")
        if following is not None:
            return _("Gesloten — volgende start %(date)s") % {
                "date": date_format(following.start_date, "j F Y")
            }
        return _("Gesloten")
