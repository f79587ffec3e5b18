"""What gives access to a programme: diplomas with their conditions, rounds of the 21+ test,
and experience that may shorten it (see programmes/admission.py for how a visitor's answer is
built from them)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from mkbroute.lib import tone_text

from .catalogue import Programme
from .dated import Dated


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
