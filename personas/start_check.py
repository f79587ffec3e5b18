"""The questions of "Kan ik starten?", asked in the visitor's tone, and their answers."""

import re

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from programmes.admission import FOREIGN, HIGHER, NO_DIPLOMA, NONE, UNKNOWN_PROFILE, Answers
from programmes.models import AdmissionRoute, Intake, Profile, Programme

from .forms import TonedFormMixin

SUBMITTED = "stap"  # present in the query once the questions are answered
PRINT = "afdrukken"
MONTH = re.compile(r"\d{4}-\d{2}")
YES_NO = [("ja", _("Ja")), ("nee", _("Nee")), ("", _("Weet ik niet"))]

# The diplomas asked, mapped to the education the lead form records.
DIPLOMAS = [
    (NONE, _("Geen diploma")),
    (NO_DIPLOMA, _("Vmbo, of mbo niveau 2 of 3")),
    *AdmissionRoute.Diploma.choices,
    (HIGHER, _("Hbo- of wo-diploma")),
    (FOREIGN, _("Een diploma uit het buitenland")),
]
DIPLOMA_KEYS = [key for key, _label in DIPLOMAS]
# The lead form has no answer for these: it is left for the visitor to fill in.
NO_LEAD_EDUCATION = (NONE, FOREIGN)
LEAD_EDUCATION = {AdmissionRoute.Diploma.PROPEDEUSE: "hbo_started"}


class StartCheckForm(TonedFormMixin, forms.Form):
    programme = forms.ChoiceField(
        label=_("De opleiding die {je} wilt doen"),
        error_messages={
            "required": _("Kies een opleiding."),
            "invalid_choice": _("Die opleiding kennen we niet. Kies er een uit de lijst."),
        },
    )
    diploma = forms.ChoiceField(
        label=_("Wat is {jouw} hoogste diploma?"),
        widget=forms.RadioSelect,
        choices=DIPLOMAS,
        error_messages={
            "required": _("Kies {jouw} hoogste diploma."),
            "invalid_choice": _("Kies een van de diploma's uit de lijst."),
        },
    )
    profile = forms.ChoiceField(
        label=_("Welk profiel had {je} op de havo of het vwo?"),
        help_text=_(
            "Alleen bij havo of vwo. Met een dubbelprofiel kies {je} het profiel dat het best "
            "bij de opleiding past."
        ),
        widget=forms.RadioSelect,
        choices=[*Profile.choices, (UNKNOWN_PROFILE, _("Weet ik niet"))],
        required=False,
        error_messages={
            "invalid_choice": _("Kies een van de profielen uit de lijst."),
            "needed": _(
                "Deze opleiding vraagt met havo of vwo een bepaald profiel. Kies {jouw} "
                "profiel, of “Weet ik niet”."
            ),
        },
    )
    age = forms.IntegerField(
        label=_("{Jouw} leeftijd op de startdatum, in jaren"),
        min_value=15,
        max_value=80,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "size": 4}),
        error_messages={
            "required": _("Vul {jouw} leeftijd in, in jaren."),
            "invalid": _("Vul {jouw} leeftijd in als een getal, zoals 23."),
            "min_value": _("Vul een leeftijd van 15 jaar of ouder in."),
            "max_value": _("Vul een leeftijd tot 80 jaar in."),
        },
    )
    hours = forms.IntegerField(
        label=_("Het aantal uren per week dat {je} nu werkt"),
        help_text=_("Vul 0 in als {je} nu niet werkt."),
        min_value=0,
        max_value=60,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "size": 4}),
        error_messages={
            "required": _("Vul in hoeveel uur {je} werkt; 0 als {je} niet werkt."),
            "invalid": _("Vul een heel aantal uren in, zoals 32."),
            "min_value": _("Vul een aantal uren van 0 of meer in."),
            "max_value": _("Vul een aantal uren tot 60 in."),
        },
    )
    mkb = forms.TypedChoiceField(
        label=_("Is {jouw} werkgever een mkb-bedrijf, met minder dan 250 medewerkers?"),
        widget=forms.RadioSelect,
        choices=YES_NO,
        coerce=lambda value: value == "ja",
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": _("Kies ja, nee of weet ik niet.")},
    )
    start = forms.ChoiceField(
        label=_("{Jouw} gewenste start"),
        required=False,
        error_messages={"invalid_choice": _("Kies een startmoment uit de lijst.")},
    )

    def __init__(self, *args, tone=None, **kwargs):
        super().__init__(*args, tone=tone, **kwargs)
        programmes = (
            Programme.objects.published()
            .select_related("field")
            .order_by("field__name", "order", "name")
        )
        self.programmes = {p.slug: p for p in programmes}
        groups = {}
        for programme in self.programmes.values():
            groups.setdefault(programme.field.name, []).append((programme.slug, str(programme)))
        self.fields["programme"].choices = [("", _("Kies een opleiding")), *groups.items()]
        self.fields["start"].choices = [("", _("Zo snel mogelijk")), *start_months()]
        for name in ("programme", "start"):
            self.fields[name].widget.attrs["class"] = "form-select"
        for name in ("age", "hours"):
            self.fields[name].widget.attrs["class"] = "form-control check-number"
        for name in self.errors if self.is_bound else ():
            if name in self.fields:
                css = self.fields[name].widget.attrs.get("class", "")
                self.fields[name].widget.attrs["class"] = f"{css} is-invalid".strip()

    def clean(self):
        data = super().clean()
        programme = self.programmes.get(data.get("programme"))
        diploma = data.get("diploma")
        if programme and diploma in AdmissionRoute.WITH_PROFILE and not data.get("profile"):
            routes = AdmissionRoute.objects.valid().filter(programme=programme, diploma=diploma)
            if any(route.profiles for route in routes):
                message = self.fields["profile"].error_messages["needed"]
                self.add_error("profile", forms.ValidationError(message, code="needed"))
        return data

    def answers(self):
        data = self.cleaned_data
        with_profile = data["diploma"] in AdmissionRoute.WITH_PROFILE
        return Answers(
            programme=self.programmes[data["programme"]],
            diploma=data["diploma"],
            age=data["age"],
            hours=data["hours"],
            at_mkb=data["mkb"],
            start=data["start"],
            profile=data["profile"] if with_profile else "",
        )


def start_months():
    """The months in which a published programme starts, from this month on."""
    today = timezone.localdate()
    starts = Intake.objects.upcoming().filter(programme__published=True)
    months = sorted({d.replace(day=1) for d in starts.values_list("start_date", flat=True)[:50]})
    return [(f"{d:%Y-%m}", date_format(d, "F Y")) for d in months if d >= today.replace(day=1)][:4]


def lead_form_query(plan):
    """The lead form's presets for what the visitor answered: intent "can I start"."""
    answers = plan.answers
    query = {
        "opleiding": answers.programme.slug,
        "vraag": "can_i_start",
        "niveau": LEAD_EDUCATION.get(answers.diploma, answers.diploma),
        "uren": answers.hours,
        "werkgever": "nee" if plan.needs_employer else "ja",
    }
    if answers.diploma in NO_LEAD_EDUCATION:
        del query["niveau"]
    if answers.at_mkb is not None:
        query["mkb"] = "ja" if answers.at_mkb else "nee"
    if plan.intake is not None:
        query["start"] = f"{plan.intake.start_date:%Y-%m}"
    return query
