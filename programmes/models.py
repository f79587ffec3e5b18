"""The catalogue: programmes with their intakes, the places they run, and events."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Count, F, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from mkbroute.lib import tone_text
from mkbroute.lib.images import PictureField

from .intake_states import FULL, LATE, NOT_OPEN, OPEN, accepts_applications, intake_state


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

    def without_future_intake(self, today=None):
        today = today or timezone.localdate()
        future = Intake.objects.filter(start_date__gt=today, archived=False)
        return self.exclude(pk__in=future.values("programme"))

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

    def tuition_on(self, intake=None):
        """The statutory tuition per year for a start (or today), from the dated rates."""
        day = intake.start_date if intake else timezone.localdate()
        rate = Tuition.on(self, day)
        return rate.statutory_eur if rate else self.tuition_eur

    @property
    def study_hours(self):
        return self.contact_hours + self.self_study_hours

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
        intake = self.next_open_intake() or self.next_intake()
        if intake:
            data["startDate"] = intake.start_date.isoformat()
            data["applicationDeadline"] = intake.application_deadline.isoformat()
            if intake.applications_open:
                data["applicationStartDate"] = intake.applications_open.isoformat()
        return data


class IntakeQuerySet(models.QuerySet):
    def upcoming(self):
        """The coming intakes on the site, in forms and reminders: not archived."""
        upcoming = self.filter(start_date__gte=timezone.localdate(), archived=False)
        return upcoming.order_by("start_date")

    def closed_before_start(self, today=None):
        """Intakes still to start whose last day to apply has passed."""
        today = today or timezone.localdate()
        return self.filter(start_date__gt=today, application_deadline__lt=today, archived=False)


class Intake(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="intakes", verbose_name=_("opleiding")
    )
    start_date = models.DateField(_("startdatum"))
    application_deadline = models.DateField(
        _("aanmelden vóór"), help_text=_("De laatste dag om in Studielink aan te melden.")
    )
    applications_open = models.DateField(
        _("aanmelden vanaf"),
        null=True,
        blank=True,
        help_text=_("Vanaf deze dag kan aanmelden in Studielink. Leeg: het kan al."),
    )
    guaranteed_before = models.DateField(
        _("recht op plaatsing bij aanmelden vóór"),
        null=True,
        blank=True,
        help_text=_(
            "Voor een start in september meestal 1 mei. Wie later aanmeldt, wordt geplaatst "
            "als het nog kan. Leeg: geen zo'n datum."
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
        for name in ("applications_open", "guaranteed_before", "interview_by", "workplace_by"):
            value = getattr(self, name)
            if start and value and value > start:
                errors[name] = _("Deze datum ligt na de startdatum.")
        if self.applications_open and deadline and self.applications_open > deadline:
            errors["applications_open"] = _("Aanmelden opent na de aanmelddeadline.")
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
            guaranteed_before=self.guaranteed_before,
            full=self.is_full,
        )

    def accepts_applications(self, today=None):
        return accepts_applications(self.state(today))

    def state_label(self, today=None, following=None):
        """The state as a visitor reads it; following is the next start that takes people."""
        state = self.state(today)
        if state == OPEN:
            until = self.guaranteed_before or self.application_deadline
            return _("Aanmelden open tot %(date)s") % {"date": date_format(until, "j F Y")}
        if state == LATE:
            return _(
                "Na %(date)s: aanmelden kan nog tot %(deadline)s, plaatsing niet gegarandeerd"
            ) % {
                "date": date_format(self.guaranteed_before, "j F"),
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


EVENING_HOUR = 17  # an event from this hour on is for after work
WHEN = {
    "avond": _("’s Avonds"),
    "weekend": _("In het weekend"),
    "online": _("Online"),
}


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def upcoming(self):
        return self.filter(ends_at__gte=timezone.now()).order_by("starts_at")

    def for_working_people(self, when):
        """Events that fit a working day: "avond" (from 17:00), "weekend" or "online"; any
        other value leaves the list as it is. Hours are those of the Dutch clock."""
        if when == "avond":
            return self.filter(starts_at__hour__gte=EVENING_HOUR)
        if when == "weekend":
            return self.filter(starts_at__week_day__in=[1, 7])  # Sunday and Saturday
        if when == "online":
            return self.filter(kind=Event.Kind.ONLINE)
        return self

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

    @property
    def is_evening(self):
        return timezone.localtime(self.starts_at).hour >= EVENING_HOUR

    @property
    def is_weekend(self):
        return timezone.localtime(self.starts_at).weekday() >= 5


class SchemeQuerySet(models.QuerySet):
    def valid(self, today=None):
        """Schemes in force today: an ended scheme is shown nowhere, a coming one not yet."""
        today = today or timezone.localdate()
        started = Q(valid_from__isnull=True) | Q(valid_from__lte=today)
        not_ended = Q(valid_to__isnull=True) | Q(valid_to__gte=today)
        return self.filter(started, not_ended)

    def ended(self, today=None):
        return self.filter(valid_to__lt=today or timezone.localdate())


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


# Admission rules, tuition, costs and exemptions: dated data that staff edit in the admin and
# that switches by itself on its dates (see admission.py for how a visitor's answer is built).


class DatedQuerySet(models.QuerySet):
    def valid(self, on=None):
        """Rows in force on the day: started (or no start) and not ended (or no end)."""
        on = on or timezone.localdate()
        started = Q(valid_from__isnull=True) | Q(valid_from__lte=on)
        not_ended = Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        return self.filter(started, not_ended)

    def for_programme(self, programme):
        """Rows for this programme and rows for every programme (no programme set)."""
        return self.filter(Q(programme=programme) | Q(programme__isnull=True))


class Dated(models.Model):
    valid_from = models.DateField(_("geldig vanaf"), null=True, blank=True)
    valid_to = models.DateField(
        _("geldig tot en met"),
        null=True,
        blank=True,
        help_text=_("Na deze datum verdwijnt dit vanzelf van de site."),
    )

    objects = DatedQuerySet.as_manager()

    class Meta:
        abstract = True

    def clean(self):
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("De einddatum ligt voor de begindatum.")})


class AdmissionRoute(Dated):
    """A diploma that gives access to a programme, with the conditions that come with it."""

    class Diploma(models.TextChoices):
        MBO4 = "mbo4", _("Mbo niveau 4")
        HAVO = "havo", _("Havo")
        VWO = "vwo", _("Vwo")
        PROPEDEUSE = "propedeuse", _("Propedeuse hbo")

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="admission_routes",
        verbose_name=_("opleiding"),
    )
    diploma = models.CharField(_("diploma"), max_length=12, choices=Diploma.choices)
    conditions = tone_text.TonedCharField(
        _("extra voorwaarden"),
        max_length=300,
        blank=True,
        help_text=_("Bijvoorbeeld een profiel of vak, in één zin."),
    )
    workplace_hours = models.PositiveSmallIntegerField(
        _("werkplek van minimaal (uur per week)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(8), MaxValueValidator(40)],
        help_text=_("Vóór de start. Leeg: wat de opleiding vraagt."),
    )

    class Meta:
        ordering = ["programme", "diploma"]
        verbose_name = _("toelatingsroute")
        verbose_name_plural = _("toelatingsroutes")

    def __str__(self):
        return f"{self.programme.name}: {self.get_diploma_display()}"

    def hours_needed(self):
        return self.workplace_hours or self.programme.workplace_hours


class EntranceTestRound(models.Model):
    """One round of the 21+ toelatingsonderzoek, for people of 21 or older without the diploma."""

    name = models.CharField(_("naam"), max_length=80, help_text=_("Bijvoorbeeld 'Ronde maart'."))
    registration_deadline = models.DateField(_("aanmelden voor de toets uiterlijk"))
    test_date = models.DateField(_("toetsdatum"))
    fee_eur = models.DecimalField(_("kosten (euro)"), max_digits=6, decimal_places=2)

    class Meta:
        ordering = ["test_date"]
        verbose_name = _("ronde 21+-toets")
        verbose_name_plural = _("rondes 21+-toets")

    def __str__(self):
        return f"{self.name} ({self.test_date:%d-%m-%Y})"

    def clean(self):
        deadline, test_date = self.registration_deadline, self.test_date
        if deadline and test_date and deadline > test_date:
            raise ValidationError({"registration_deadline": _("Aanmelden sluit na de toetsdatum.")})

    @classmethod
    def first_before(cls, start, today):
        """The first round someone can still register for that is over before start."""
        rounds = cls.objects.filter(registration_deadline__gte=today, test_date__lt=start)
        return rounds.order_by("test_date").first()


class Tuition(Dated):
    """The tuition per year in one academic year: statutory, and institutional for those
    who already hold a higher education degree."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="tuitions",
        verbose_name=_("opleiding"),
        help_text=_("Leeg: voor alle opleidingen."),
    )
    statutory_eur = models.DecimalField(
        _("wettelijk collegegeld per jaar (euro)"), max_digits=7, decimal_places=2
    )
    institutional_eur = models.DecimalField(
        _("instellingscollegegeld per jaar (euro)"),
        max_digits=7,
        decimal_places=2,
        help_text=_("Voor wie al een hbo- of wo-diploma heeft."),
    )

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("collegegeld")
        verbose_name_plural = _("collegegeld")

    def __str__(self):
        name = self.programme.name if self.programme else _("alle opleidingen")
        return f"{name}: {self.valid_from or '–'} – {self.valid_to or '–'}"

    @classmethod
    def on(cls, programme, day):
        """The tuition in force on day, a programme's own before the general one."""
        rows = cls.objects.valid(day).for_programme(programme)
        return rows.order_by(F("programme").asc(nulls_last=True), "-valid_from").first()


class OtherCost(Dated):
    """A cost besides tuition, such as books or a laptop, with who usually pays it."""

    class Per(models.TextChoices):
        YEAR = "year", _("per jaar")
        ONCE = "once", _("eenmalig")

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="other_costs",
        verbose_name=_("opleiding"),
        help_text=_("Leeg: voor alle opleidingen."),
    )
    name = models.CharField(_("wat"), max_length=120)
    amount_eur = models.DecimalField(_("bedrag (euro)"), max_digits=7, decimal_places=2)
    per = models.CharField(_("per"), max_length=5, choices=Per.choices, default=Per.YEAR)
    payer = models.CharField(
        _("wie betaalt meestal"),
        max_length=12,
        choices=Programme.Payer.choices,
        default=Programme.Payer.EMPLOYER,
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("overige kosten")
        verbose_name_plural = _("overige kosten")

    def __str__(self):
        return self.name


class Exemption(models.Model):
    """Experience that may shorten a programme (vrijstellingen, EVC), and whom to ask."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="exemptions",
        verbose_name=_("opleiding"),
        help_text=_("Leeg: voor alle opleidingen."),
    )
    experience = tone_text.TonedCharField(
        _("ervaring of diploma"),
        max_length=200,
        help_text=_("Bijvoorbeeld 'Drie jaar werk als teamleider'."),
    )
    effect = tone_text.TonedCharField(
        _("wat het kan opleveren"),
        max_length=200,
        help_text=_("Bijvoorbeeld 'Vrijstelling voor onderdelen van jaar 1 (tot 30 EC)'."),
    )
    contact = tone_text.TonedCharField(
        _("wie te vragen"),
        max_length=200,
        help_text=_("Bijvoorbeeld 'De examencommissie, via de studieloopbaanbegeleider'."),
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=100)

    class Meta:
        ordering = ["order", "experience"]
        verbose_name = _("vrijstelling")
        verbose_name_plural = _("vrijstellingen")

    def __str__(self):
        return self.experience
