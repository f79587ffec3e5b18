"""The catalogue: programmes with their intakes, the places they run, and events."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Count, F, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mkbroute import tone_text
from mkbroute.images import PictureField


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
    slug = models.SlugField(_("slug"), unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("vakgebied")
        verbose_name_plural = _("vakgebieden")

    def __str__(self):
        return self.name


class Location(models.Model):
    name = models.CharField(_("naam"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), unique=True)

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

    def with_upcoming_intakes(self):
        """Prefetch each programme's coming intakes as `upcoming_intakes`, in one query."""
        return self.prefetch_related(
            Prefetch("intakes", queryset=Intake.objects.upcoming(), to_attr="upcoming_intakes")
        )


class Programme(models.Model):
    class Degree(models.TextChoices):
        AD = "ad", _("Associate degree")
        BACHELOR = "bachelor", _("Bachelor")

    class Payer(models.TextChoices):
        EMPLOYER = "employer", _("Meestal de werkgever")
        SHARED = "shared", _("Werkgever en deelnemer samen")
        PARTICIPANT = "participant", _("De deelnemer zelf")

    name = models.CharField(_("naam"), max_length=120)
    slug = models.SlugField(_("slug"), unique=True)
    degree = models.CharField(_("graad"), max_length=10, choices=Degree.choices)
    field = models.ForeignKey(
        Field, on_delete=models.PROTECT, related_name="programmes", verbose_name=_("vakgebied")
    )
    croho_code = models.CharField(
        _("CROHO-code"),
        max_length=5,
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
        _("collegegeld per jaar (euro)"), max_digits=7, decimal_places=2
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
    workplace_supervisor = models.BooleanField(_("werkplekbegeleider vereist"), default=True)
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

    def next_intake(self):
        if hasattr(self, "upcoming_intakes"):
            return next(iter(self.upcoming_intakes), None)
        return self.intakes.upcoming().first()

    def json_ld(self, request):
        """schema.org data for search engines, as a dict ready for json.dumps."""
        data = {
            "@context": "https://schema.org",
            "@type": "WorkBasedProgram",
            "name": str(self),
            "description": request.tone.render(self.summary),
            "url": request.build_absolute_uri(self.get_absolute_url()),
            "provider": {
                "@type": "EducationalOrganization",
                "name": settings.SCHOOL_NAME,
                "url": settings.SCHOOL_URL,
            },
            "educationalCredentialAwarded": self.get_degree_display(),
            "numberOfCredits": {"@type": "StructuredValue", "value": self.ec, "unitText": "EC"},
            "timeToComplete": f"P{self.duration_years}Y",
            "educationalProgramMode": "blended",
            "programPrerequisites": str(
                _("Mbo-4, havo of vwo, of geslaagd voor de 21+-toets")
                if self.entrance_test
                else _("Mbo-4, havo of vwo")
            ),
            "occupationalCategory": self.occupation or self.field.name,
        }
        intake = self.next_intake()
        if intake:
            data["startDate"] = intake.start_date.isoformat()
            data["applicationDeadline"] = intake.application_deadline.isoformat()
        return data


class IntakeQuerySet(models.QuerySet):
    def upcoming(self):
        return self.filter(start_date__gte=timezone.localdate()).order_by("start_date")


class Intake(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="intakes", verbose_name=_("opleiding")
    )
    start_date = models.DateField(_("startdatum"))
    application_deadline = models.DateField(_("aanmelden vóór"))

    objects = IntakeQuerySet.as_manager()

    class Meta:
        ordering = ["start_date"]
        verbose_name = _("instroommoment")
        verbose_name_plural = _("instroommomenten")

    def __str__(self):
        return f"{self.programme.name}: {self.start_date:%d-%m-%Y}"

    def clean(self):
        start, deadline = self.start_date, self.application_deadline
        if start and deadline and deadline > start:
            raise ValidationError(
                {"application_deadline": _("De aanmelddeadline ligt na de startdatum.")}
            )

    @property
    def deadline_passed(self):
        return self.application_deadline < timezone.localdate()


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def upcoming(self):
        return self.filter(ends_at__gte=timezone.now()).order_by("starts_at")

    def for_cards(self):
        """Each event with its seats taken counted in the same query, so that a list of
        cards says which are full without a query per card."""
        return self.annotate(seats_counted=Count("signups__lead", distinct=True))

    def with_free_seats(self):
        """Events someone new can still sign up for, as far as seats go; after for_cards()."""
        return self.filter(Q(capacity__isnull=True) | Q(capacity__gt=F("seats_counted")))

    def with_programmes(self):
        return self.prefetch_related(
            Prefetch("programmes", queryset=Programme.objects.published().order_by("order"))
        )


class Event(models.Model):
    class Kind(models.TextChoices):
        OPEN_DAY = "open_dag", _("Open dag")
        ONLINE = "online_voorlichting", _("Online voorlichting")
        TRIAL_DAY = "meeloopdag", _("Meeloopdag")

    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("titel"), max_length=120)
    slug = models.SlugField(_("slug"), unique=True)
    starts_at = models.DateTimeField(_("begint"))
    ends_at = models.DateTimeField(_("eindigt"))
    place = models.CharField(_("plaats"), max_length=200, blank=True)
    online_url = models.URLField(_("link voor online deelname"), blank=True)
    capacity = models.PositiveIntegerField(
        _("aantal plaatsen"), null=True, blank=True, help_text=_("Leeg: geen maximum.")
    )
    programmes = models.ManyToManyField(
        Programme, related_name="events", blank=True, verbose_name=_("opleidingen")
    )
    description = tone_text.TonedTextField(_("beschrijving"), blank=True, help_text=_("Markdown."))
    published = models.BooleanField(_("gepubliceerd"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("activiteit")
        verbose_name_plural = _("activiteiten")

    def __str__(self):
        return f"{self.title} ({timezone.localtime(self.starts_at):%d-%m-%Y})"

    def get_absolute_url(self):
        return reverse("programmes:event", args=[self.slug])

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("Een activiteit eindigt na het begin.")
        if self.kind == self.Kind.ONLINE and not self.online_url:
            errors["online_url"] = _("Een online voorlichting heeft een link nodig.")
        if self.kind != self.Kind.ONLINE and not self.place:
            errors["place"] = _("Vul in waar de activiteit is.")
        if errors:
            raise ValidationError(errors)

    def seats_taken(self):
        """People signed up, each counted once; counted by for_cards() when it made this event."""
        counted = getattr(self, "seats_counted", None)
        if counted is not None:
            return counted
        return self.signups.values("lead").distinct().count()

    def has_free_seat(self):
        return self.capacity is None or self.seats_taken() < self.capacity

    @property
    def is_full(self):
        return not self.has_free_seat()

    def has_seat_for(self, lead):
        """Whether lead may sign up: a seat is free, or they already have one."""
        if self.capacity is None or self.signups.filter(lead=lead).exists():
            return True
        return self.has_free_seat()

    @property
    def has_ended(self):
        return self.ends_at <= timezone.now()

    def is_open_for_signup(self):
        """Whether someone new can still sign up: the event has not ended and a seat is free."""
        return not self.has_ended and self.has_free_seat()

    def next_of_its_kind(self):
        """The next published event of the same kind with a free seat, to offer when this one
        is full: never one that is full itself."""
        later = Event.objects.published().upcoming().for_cards()
        later = later.filter(kind=self.kind, starts_at__gt=self.starts_at).exclude(pk=self.pk)
        return later.with_free_seats().first()

    @property
    def is_online(self):
        return self.kind == self.Kind.ONLINE


class SchemeQuerySet(models.QuerySet):
    def valid(self, today=None):
        """Schemes in force today: an ended scheme is shown nowhere, a coming one not yet."""
        today = today or timezone.localdate()
        started = Q(valid_from__isnull=True) | Q(valid_from__lte=today)
        not_ended = Q(valid_to__isnull=True) | Q(valid_to__gte=today)
        return self.filter(started, not_ended)


class Scheme(models.Model):
    """A financial scheme (subsidy, tax relief, fund) with its source and the dates it holds."""

    class Audience(models.TextChoices):
        EMPLOYER = "werkgever", _("Werkgevers")
        PARTICIPANT = "deelnemer", _("Deelnemers")

    name = models.CharField(_("naam"), max_length=120)
    audience = models.CharField(_("voor"), max_length=10, choices=Audience.choices)
    summary = tone_text.TonedTextField(
        _("wat het is"), help_text=_("Markdown. Voor wie, wat het oplevert, hoe aan te vragen.")
    )
    amount = models.CharField(_("bedrag"), max_length=120, blank=True)
    source_url = models.URLField(
        _("bron"), help_text=_("De officiële pagina van de regeling, om na te lezen.")
    )
    valid_from = models.DateField(_("geldig vanaf"), null=True, blank=True)
    valid_to = models.DateField(
        _("geldig tot en met"),
        null=True,
        blank=True,
        help_text=_("Na deze datum verdwijnt de regeling vanzelf van de site."),
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=100)

    objects = SchemeQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("regeling")
        verbose_name_plural = _("regelingen")

    def __str__(self):
        return self.name

    def clean(self):
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("De einddatum ligt voor de begindatum.")})
