"""What a programme costs and what helps pay for it: tuition, other costs and schemes."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mkbroute.lib import tone_text
from mkbroute.lib.content import kept_per_version

from .catalogue import Programme
from .dated import Dated
from .source import CostSource

TUITIONS = ("programmes.tuition",)  # all that a tuition in force is read from
EXPECTED_HELP = _(
    "Aan zolang het officiële bedrag voor dit studiejaar nog niet bekend is: de site zet er "
    "'verwacht' bij."
)


@dataclass(frozen=True)
class AcademicYear:
    """A Dutch academic year, 1 September to 31 August, written as people write it: 2027-2028."""

    first: int

    @classmethod
    def of(cls, day):
        return cls(day.year if day.month >= 9 else day.year - 1)

    @property
    def start(self):
        return datetime.date(self.first, 9, 1)

    @property
    def end(self):
        return datetime.date(self.first + 1, 8, 31)

    def __str__(self):
        return f"{self.first}-{self.first + 1}"


@dataclass(frozen=True)
class Amount:
    """What something costs in one academic year, and whether that amount is still expected
    (the official one not yet known)."""

    eur: Decimal
    year: AcademicYear
    expected: bool = False


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
    expected = models.BooleanField(_("verwacht bedrag"), default=False, help_text=EXPECTED_HELP)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("collegegeld")
        verbose_name_plural = _("collegegeld")

    def __str__(self):
        name = self.programme.name if self.programme else _("alle opleidingen")
        return f"{name}: {self.valid_from or '–'} – {self.valid_to or '–'}"

    @classmethod
    def on(cls, programme, day):
        """The tuition in force on day, a programme's own before the general one: kept while
        the tuitions are unchanged, as a programme page rendered anew after any other edit
        asks for it, and building its query cost about a millisecond each time."""
        key = f"tuition:{programme.pk}:{day:%Y-%m-%d}"
        return kept_per_version(key, lambda: cls.read_on(programme, day), models=TUITIONS)

    @classmethod
    def read_on(cls, programme, day):
        rows = cls.objects.valid(day).for_programme(programme)
        return rows.order_by(F("programme").asc(nulls_last=True), "-valid_from").first()


class OtherCost(CostSource, Dated):
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
    expected = models.BooleanField(_("verwacht bedrag"), default=False, help_text=EXPECTED_HELP)

    class Meta:
        ordering = ["name"]
        verbose_name = _("overige kosten")
        verbose_name_plural = _("overige kosten")

    def __str__(self):
        return self.name


def validate_page_url(url):
    """A scheme's source is the page about that scheme: a site's home page says nothing of it."""
    if urlsplit(url).path.strip("/") == "":
        raise ValidationError(
            _(
                "Dit is de beginpagina van een site. Verwijs naar de pagina over deze regeling, "
                "waar de voorwaarden staan."
            ),
            code="home_page",
        )


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
    conditions = tone_text.TonedTextField(
        _("voorwaarden"),
        blank=True,
        help_text=_(
            "Markdown, bijvoorbeeld een lijst. Voor wie het wel en niet geldt: leeftijd, "
            "opleiding, wie het collegegeld al betaalt."
        ),
    )
    amount = models.CharField(_("bedrag"), max_length=120, blank=True)
    source_url = models.URLField(
        _("bron"),
        validators=[validate_page_url],
        help_text=_(
            "De officiële pagina over deze regeling, om na te lezen; niet de beginpagina van "
            "de site."
        ),
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
