"""The lead form, in four placements: general, on a persona, a programme or an event page."""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from personas.forms import TonedFormMixin
from personas.models import TargetGroup
from programmes.models import Intake, Programme

from . import spam
from .models import EDUCATION_CHOICES, Submission

PHONE = re.compile(r"^\+?[0-9 ()./-]{8,25}$")
YES_NO = [("", _("Weet ik niet")), ("ja", _("Ja")), ("nee", _("Nee"))]


def validate_name(value):
    if any(unicodedata.category(char).startswith("C") for char in value):
        raise ValidationError(_("Gebruik alleen gewone tekens in een naam."), code="control")
    if not any(char.isalpha() for char in value):
        raise ValidationError(_("Een naam bestaat uit letters."), code="no_letters")


def validate_phone(value):
    digits = sum(char.isdigit() for char in value)
    if not PHONE.match(value) or not 8 <= digits <= 15:
        raise ValidationError(
            _("Dit telefoonnummer klopt niet. Bijvoorbeeld: 06 12345678 of +31 6 12345678."),
            code="phone",
        )


class ProgrammeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, programme):
        return str(programme)


class TargetGroupChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, group):
        return group.label


class LeadForm(TonedFormMixin, forms.Form):
    # Hidden: the signed one-time token (fill time, double submit) and a field for bots.
    token = forms.CharField(widget=forms.HiddenInput, required=False)
    website = forms.CharField(required=False, max_length=200, label=_("Website"))

    first_name = forms.CharField(
        label=_("Voornaam"), max_length=100, validators=[validate_name],
        error_messages={"required": _("Vul {jouw} voornaam in.")},
    )  # fmt: skip
    last_name = forms.CharField(
        label=_("Achternaam"), max_length=150, validators=[validate_name],
        error_messages={"required": _("Vul {jouw} achternaam in.")},
    )  # fmt: skip
    email = forms.EmailField(
        label=_("E-mailadres"), max_length=254,
        error_messages={
            "required": _("Vul {jouw} e-mailadres in."),
            "invalid": _("Dit e-mailadres klopt niet. Bijvoorbeeld: naam@voorbeeld.nl"),
        },
    )  # fmt: skip
    phone = forms.CharField(
        label=_("Telefoonnummer"), required=False, max_length=40, validators=[validate_phone],
        help_text=_("Niet verplicht. Handig als {je} gebeld wilt worden."),
    )  # fmt: skip
    target_group = TargetGroupChoiceField(
        label=_("Wat past het best bij {jou}?"), queryset=TargetGroup.objects.all(),
        required=False, empty_label=_("Kies wat het best past"), to_field_name="slug",
    )  # fmt: skip
    intent = forms.ChoiceField(
        label=_("Waarmee kunnen we {jou} helpen?"), widget=forms.RadioSelect,
        choices=[(value, label) for value, label in Submission.Intent.choices
                 if value != Submission.Intent.EVENT],
        initial=Submission.Intent.INFORMATION,
        error_messages={"required": _("Kies waarmee we {jou} kunnen helpen.")},
    )  # fmt: skip
    programmes = ProgrammeChoiceField(
        label=_("Welke opleidingen spreken {jou} aan?"), required=False,
        queryset=Programme.objects.published(), widget=forms.CheckboxSelectMultiple,
        to_field_name="slug",
    )  # fmt: skip
    education = forms.ChoiceField(
        label=_("{Jouw} hoogste afgeronde opleiding"), required=False,
        choices=[("", _("Kies een opleiding")), *EDUCATION_CHOICES],
    )  # fmt: skip
    employer = forms.CharField(label=_("{Jouw} werkgever"), required=False, max_length=150)
    employer_is_mkb = forms.TypedChoiceField(
        label=_("Heeft {jouw} werkgever minder dan 250 medewerkers?"), required=False,
        choices=YES_NO, coerce=lambda value: value == "ja", empty_value=None,
    )  # fmt: skip
    hours_per_week = forms.IntegerField(
        label=_("Uren per week dat {je} werkt"), required=False, min_value=0, max_value=60,
        error_messages={"max_value": _("Vul een aantal uren tot 60 in."),
                        "min_value": _("Vul een aantal uren van 0 of meer in."),
                        "invalid": _("Vul een heel aantal uren in, zoals 32.")},
    )  # fmt: skip
    preferred_start = forms.ChoiceField(label=_("Wanneer wil {je} beginnen?"), required=False)
    message = forms.CharField(
        label=_("{Jouw} vraag of bericht"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Houd {jouw} bericht korter dan 4000 tekens.")},
    )  # fmt: skip
    consent_contact = forms.BooleanField(
        label=_("Ja, neem contact met mij op over deze aanvraag."),
        error_messages={"required": _("Zonder deze toestemming kunnen we {jou} niet antwoorden.")},
    )  # fmt: skip
    consent_newsletter = forms.BooleanField(
        label=_("Ja, stuur mij de nieuwsbrief van de Mkb-route."), required=False
    )
    consent_partners = forms.BooleanField(
        label=_("Ja, deel mijn gegevens met mkb-bedrijven die een deelnemer zoeken."),
        required=False,
    )

    SITUATION = ("education", "employer", "employer_is_mkb", "hours_per_week")
    LEFT_OUT = {
        "general": (),
        "programme": ("programmes",),
        "persona": ("programmes", "preferred_start"),
        "event": ("intent", "programmes", "preferred_start", *SITUATION),
    }

    def __init__(self, *args, placement="general", persona=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.placement = placement
        left_out = list(self.LEFT_OUT[placement])
        if persona is not None:
            groups = list(persona.target_groups.all())
            self.fields["target_group"].queryset = persona.target_groups.all()
            # Questions about work only where the persona's groups are working people.
            if placement == "persona" and not all(group.is_working for group in groups):
                left_out += self.SITUATION
        for name in left_out:
            self.fields.pop(name, None)
        if "preferred_start" in self.fields:
            self.fields["preferred_start"].choices = start_choices()
        self.fields["website"].widget.attrs.update(tabindex="-1", autocomplete="off")

    @property
    def situation_fields(self):
        return [self[name] for name in self.SITUATION if name in self.fields]


def start_choices():
    today = timezone.localdate()
    starts = sorted({i.start_date.replace(day=1) for i in Intake.objects.upcoming()[:20]})
    months = [(f"{d:%Y-%m}", d) for d in starts if d >= today.replace(day=1)]
    return [
        ("", _("Weet ik nog niet")),
        ("asap", _("Zo snel mogelijk")),
        *[(value, date_format(d, "F Y")) for value, d in months[:4]],
        ("later", _("Later")),
    ]


def lead_form(request, placement="general", persona=None, target_group=None, programme=None,
              event=None, data=None):  # fmt: skip
    """A lead form for a page, with a fresh one-time token and its presets filled in."""
    initial = {"token": spam.new_token()}
    if target_group is not None:
        initial["target_group"] = target_group.slug
    if programme is not None:
        initial["programmes"] = [programme.slug]
    form = LeadForm(data, initial=initial, placement=placement, persona=persona, tone=request.tone)
    form.presets = {"plek": placement, "persona": persona, "opleiding": programme,
                    "activiteit": event}  # fmt: skip
    return form
