"""What gives access to a programme: diplomas with their conditions, rounds of the 21+ test,
and experience that may shorten it (see programmes/admission.py for how a visitor's answer is
built from them)."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from mkbroute.lib import tone_text

from .catalogue import Programme
from .dated import Dated


class Profile(models.TextChoices):
    """The four profiles of havo and vwo."""

    CM = "cm", _("Cultuur en Maatschappij (C&M)")
    EM = "em", _("Economie en Maatschappij (E&M)")
    NG = "ng", _("Natuur en Gezondheid (N&G)")
    NT = "nt", _("Natuur en Techniek (N&T)")


class ProfilesField(models.JSONField):
    """A list of Profile values, edited as four check boxes."""

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            label=self.verbose_name,
            help_text=self.help_text,
            choices=Profile.choices,
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if not isinstance(value, list) or not set(value) <= set(Profile.values):
            raise ValidationError(_("Kies alleen profielen uit de lijst."), code="invalid")


class AdmissionRoute(Dated):
    """A diploma that gives access to a programme, with the conditions that come with it."""

    class Diploma(models.TextChoices):
        MBO4 = "mbo4", _("Mbo niveau 4")
        HAVO = "havo", _("Havo")
        VWO = "vwo", _("Vwo")
        PROPEDEUSE = "propedeuse", _("Propedeuse hbo")

    WITH_PROFILE = (Diploma.HAVO, Diploma.VWO)

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
        help_text=_(
            "In één zin, bijvoorbeeld wat wie een ander profiel had nog moet doen (een vak of "
            "deficiëntietoets)."
        ),
    )
    profiles = ProfilesField(
        _("profielen"),
        default=list,
        blank=True,
        help_text=_(
            "Alleen bij havo of vwo: de profielen die direct toegang geven. Niets aangevinkt: "
            "elk profiel."
        ),
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

    def clean(self):
        super().clean()
        if self.profiles and self.diploma not in self.WITH_PROFILE:
            raise ValidationError({"profiles": _("Alleen havo en vwo kennen profielen.")})

    def hours_needed(self):
        return self.workplace_hours or self.programme.workplace_hours

    def profile_fits(self, profile):
        """Whether a havo or vwo profile gives direct access; any does when none is named."""
        return not self.profiles or profile in self.profiles

    def profile_names(self):
        labels = dict(Profile.choices)
        return [str(labels[value]) for value in self.profiles if value in labels]


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
