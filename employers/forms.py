"""The employers' registration, the filters of the werkplekken list, and replying to a place."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.translation import gettext_lazy as _

from leads import spam
from leads.fields import validate_name, validate_phone
from leads.forms import LeadForm
from leads.mailbox import NotAMailbox, mailbox_key
from leads.models import PRIVACY_VERSION, Submission
from mkbroute.lib import geo
from mkbroute.lib.one_line import OneLineFields
from personas.forms import TonedFormMixin
from programmes.models import Programme

from . import matching
from .links import Reply
from .models import KVK, MKB_MAX_EMPLOYEES, Employer, Werkplek
from .requirements import shortfalls

PC4_HELP = _("De vier cijfers zijn genoeg, zoals 3511.")
PC4_UNKNOWN = _("Deze postcode kennen we niet in Nederland. Vul de vier cijfers in, zoals 3511.")
MAX_PLACES_PER_REGISTRATION = 5


def column_max(model, name):
    """The largest number the integer column holds on every database we run (PostgreSQL's
    range; SQLite's is wider): a form asks no more, so a number never fails at the database."""
    internal_type = model._meta.get_field(name).get_internal_type()
    return BaseDatabaseOperations.integer_field_ranges[internal_type][1]


SALARY = {
    "min_value": _("Vul een bedrag van 0 of meer in."),
    "max_value": _("Vul een bedrag tot %(limit_value)s in."),
    "invalid": _("Vul een heel bedrag in euro in, zoals 2400."),
}


def clean_location(form, place_field, pc4_field, required=True):
    """The PC4 as four digits, refusing a postcode or place outside the Netherlands and a
    place that lies far from its postcode."""
    data = form.cleaned_data
    text, place = data.get(pc4_field, ""), data.get(place_field, "")
    if not text and not required:
        return None
    area = geo.lookup(text)
    if area is None:
        form.add_error(pc4_field, ValidationError(PC4_UNKNOWN, code="pc4"))
        return None
    if place:
        found = geo.find_place(place)
        if found is None:
            message = _(
                "We kennen %(place)s niet als plaats in Nederland. Werkplekken in de "
                "Mkb-route liggen in Nederland; controleer de spelling."
            ) % {"place": place}
            form.add_error(place_field, ValidationError(message, code="not_dutch"))
        elif geo.distance_km(found.lat, found.lon, area.lat, area.lon) > 30:
            message = _(
                "Postcode %(pc4)s ligt bij %(area)s, niet bij %(place)s. Controleer de "
                "postcode of de plaats."
            ) % {"pc4": area.pc4, "area": area.place, "place": place}
            form.add_error(pc4_field, ValidationError(message, code="far_apart"))
    data[pc4_field] = area.pc4
    return area


class RegistrationForm(spam.ProtectedForm):
    """The company and its contact person; its werkplekken come in a formset beside it."""

    refused_in = "employer form"
    known_employer_id = None  # the employer of a KvK number registered before

    name = forms.CharField(label=_("Bedrijfsnaam"), max_length=150)
    kvk_number = forms.CharField(
        label=_("KvK-nummer"),
        max_length=20,
        help_text=_("Acht cijfers, te vinden op uittreksels en facturen."),
    )
    sector = forms.ChoiceField(
        label=_("Sector"), choices=[("", _("Kies een sector")), *Employer.Sector.choices]
    )
    employees = forms.IntegerField(
        label=_("Aantal medewerkers"),
        min_value=1,
        error_messages={
            "invalid": _("Vul een heel aantal in, zoals 12."),
            "min_value": _("Vul een aantal van 1 of meer in."),
        },
    )
    site = forms.URLField(
        label=_("Website van het bedrijf"),
        required=False,
        max_length=200,
        assume_scheme="https",
        error_messages={"invalid": _("Dit webadres klopt niet. Bijvoorbeeld: www.bedrijf.nl")},
    )
    place = forms.CharField(label=_("Plaats"), max_length=80)
    pc4 = forms.CharField(label=_("Postcode"), max_length=10, help_text=PC4_HELP)

    contact_name = forms.CharField(
        label=_("Naam contactpersoon"), max_length=150, validators=[validate_name]
    )
    contact_role = forms.CharField(label=_("Functie"), max_length=100, required=False)
    contact_email = forms.EmailField(
        label=_("E-mailadres"),
        max_length=254,
        error_messages={"invalid": _("Dit e-mailadres klopt niet. Bijvoorbeeld: naam@bedrijf.nl")},
    )
    contact_phone = forms.CharField(
        label=_("Telefoonnummer"), max_length=40, required=False, validators=[validate_phone]
    )
    consent = forms.BooleanField(
        label=_(
            "Ik ga ermee akkoord dat de hogeschool deze gegevens gebruikt om contact met mij op "
            "te nemen over de Mkb-route en deze werkplekken."
        ),
        error_messages={
            "required": _("Zonder deze toestemming kunnen we u niet bellen of mailen.")
        },
    )

    def clean_kvk_number(self):
        number = re.sub(r"[\s.]", "", self.cleaned_data["kvk_number"])
        KVK(number)
        # Known, unless by this very form: sent twice, it is the registration it made.
        known = Employer.objects.filter(kvk_number=number).values_list("pk", "form_token")
        if known and known[0][1] != self.cleaned_data.get("token"):
            # The view mails the contact person a link and says so (see views.registration).
            self.known_employer_id = known[0][0]
            raise ValidationError(_("Dit bedrijf is al bij ons aangemeld."), code="known")
        return number

    def clean_employees(self):
        employees = self.cleaned_data["employees"]
        if employees >= MKB_MAX_EMPLOYEES:
            raise ValidationError(
                _(
                    "De Mkb-route is voor het midden- en kleinbedrijf: bedrijven met minder dan "
                    "%(max)s medewerkers. Heeft uw bedrijf er meer? Neem contact met ons op over "
                    "andere vormen van werkend leren."
                )
                % {"max": MKB_MAX_EMPLOYEES},
                code="not_mkb",
            )
        return employees

    def clean(self):
        cleaned_data = super().clean()
        clean_location(self, "place", "pc4")
        token, number = cleaned_data.get("token"), cleaned_data.get("kvk_number")
        if token and number and self.sent_before(token).exclude(kvk_number=number).exists():
            self.refuse_used_token()
        return cleaned_data

    @staticmethod
    def sent_before(token):
        """The registration this form's token made, if it was sent before."""
        return Employer.objects.filter(form_token=token)


class WerkplekForm(OneLineFields, forms.Form):
    title = forms.CharField(
        label=_("Functie"), max_length=120, help_text=_("Bijvoorbeeld: junior servicemonteur")
    )
    programmes = forms.ModelMultipleChoiceField(
        label=_("Bij welke opleidingen past het werk?"),
        queryset=Programme.objects.published(),
        # By slug, as every public form names a programme: an id beyond what the column
        # holds would reach the database (SQLite cannot even bind it).
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Kies ten minste één opleiding."),
            "invalid_choice": _("Kies een opleiding uit de lijst."),
        },
    )
    hours_per_week = forms.IntegerField(
        label=_("Uren per week"),
        min_value=16,
        max_value=40,
        error_messages={
            "min_value": _(
                "De Mkb-route vraagt ten minste 16 uur werk per week; elke opleiding noemt "
                "haar eigen minimum."
            ),
            "max_value": _("Vul ten hoogste 40 uur per week in."),
            "invalid": _("Vul een heel aantal uren in, zoals 32."),
        },
    )
    has_supervisor = forms.BooleanField(
        label=_("Er is een praktijkopleider met tijd voor de deelnemer"), required=False
    )
    salary_min = forms.IntegerField(
        label=_("Salaris vanaf (euro per maand, niet verplicht)"),
        required=False,
        min_value=0,
        max_value=column_max(Werkplek, "salary_min"),
        error_messages=SALARY,
    )
    salary_max = forms.IntegerField(
        label=_("Salaris tot (euro per maand, niet verplicht)"),
        required=False,
        min_value=0,
        max_value=column_max(Werkplek, "salary_max"),
        error_messages=SALARY,
    )
    description = forms.CharField(
        label=_("Wat gaat de deelnemer doen?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    places = forms.IntegerField(
        label=_("Aantal plekken"),
        min_value=1,
        max_value=50,
        initial=1,
        error_messages={
            "min_value": _("Vul ten minste 1 plek in."),
            "max_value": _("Vul ten hoogste 50 plekken in."),
            "invalid": _("Vul een heel aantal plekken in, zoals 2."),
        },
    )
    place = forms.CharField(
        label=_("Plaats van het werk"),
        max_length=80,
        required=False,
        help_text=_("Leeg: de plaats van het bedrijf."),
    )
    pc4 = forms.CharField(
        label=_("Postcode van het werk"), max_length=10, required=False, help_text=PC4_HELP
    )
    # Shown only beside a warning: a place that falls short may still be registered, as
    # admissions may help mend it, but it is published only once it meets the requirements.
    despite_shortfalls = forms.BooleanField(
        label=_(
            "Ik meld deze werkplek toch aan. Ik begrijp dat hij pas online komt als hij aan de "
            "eisen voldoet."
        ),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.shortfalls = []
        self.fields["programmes"].label_from_instance = lambda programme: (
            _("%(programme)s (minimaal %(hours)s uur werk per week)")
            % {"programme": programme, "hours": programme.workplace_hours}
        )

    def clean(self):
        data = self.cleaned_data
        low, high = data.get("salary_min"), data.get("salary_max")
        if low is not None and high is not None and low > high:
            self.add_error("salary_max", _("Het salaris 'tot' is lager dan het salaris 'vanaf'."))
        clean_location(self, "place", "pc4", required=bool(data.get("place")))
        self.shortfalls = shortfalls(
            data.get("title", ""),
            data.get("hours_per_week"),
            data.get("has_supervisor", False),
            data.get("programmes") or [],
        )
        if self.shortfalls and not data.get("despite_shortfalls"):
            for message in self.shortfalls:
                self.add_error(None, ValidationError(message, code="shortfall"))
        return data


class BaseWerkplekFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if not any(form.has_changed() for form in self.forms):
            raise ValidationError(_("Vul ten minste één werkplek in."), code="none")


WerkplekFormSet = forms.formset_factory(
    WerkplekForm,
    formset=BaseWerkplekFormSet,
    extra=0,
    min_num=1,
    max_num=MAX_PLACES_PER_REGISTRATION,
    validate_max=True,
    absolute_max=MAX_PLACES_PER_REGISTRATION,
)


def register(form, formset):
    """Store a registration: the employer (aangemeld, hidden until screened) and its places.

    The same form sent again gives the employer it made, and stores nothing new. When another
    registration was stored since this one was validated (of the same company, or with the
    same form for another company), the form is validated again, which now says so, and None
    is returned.
    """
    token, conflict = form.cleaned_data["token"], None
    if not form.sent_before(token).exists():
        try:
            return store(form.cleaned_data, formset)
        except IntegrityError as error:  # another registration was just faster
            conflict = error
    form.full_clean()
    if not form.is_valid():
        return None
    before = form.sent_before(token).first()  # validated again: the same registration
    if before is not None:
        return before
    if conflict is not None:  # not one of the conflicts validation knows
        raise conflict
    return store(form.cleaned_data, formset)  # what it stored was erased meanwhile


def store(data, formset):
    with transaction.atomic():
        employer = Employer.objects.create(
            name=data["name"],
            kvk_number=data["kvk_number"],
            sector=data["sector"],
            employees=data["employees"],
            website=data["site"],
            place=data["place"],
            pc4=data["pc4"],
            contact_name=data["contact_name"],
            contact_role=data["contact_role"],
            contact_email=data["contact_email"],
            contact_phone=data["contact_phone"],
            privacy_version=PRIVACY_VERSION,
            form_token=data["token"],
        )
        for place in formset.forms:
            if not place.has_changed():
                continue
            values = dict(place.cleaned_data)
            values.pop("despite_shortfalls")
            programmes = values.pop("programmes")
            values["place"] = values["place"] or employer.place
            values["pc4"] = values["pc4"] or employer.pc4
            werkplek = Werkplek.objects.create(employer=employer, **values)
            werkplek.programmes.set(programmes)
        employer.queue_notification()
    return employer


class PlaceFilterForm(TonedFormMixin, forms.Form):
    """The filters of /werkplekken/; every field may be left empty."""

    opleiding = forms.ModelChoiceField(
        label=_("Opleiding"),
        queryset=Programme.objects.published(),
        to_field_name="slug",
        required=False,
        empty_label=_("Alle opleidingen"),
    )
    provincie = forms.ChoiceField(
        label=_("Provincie"),
        choices=[("", _("Alle provincies")), *geo.PROVINCE_CHOICES],
        required=False,
    )
    postcode = forms.CharField(
        label=_("Vanaf postcode"), max_length=10, required=False, help_text=PC4_HELP
    )
    afstand = forms.TypedChoiceField(
        label=_("Binnen"),
        choices=[(km, f"{km} km") for km in matching.DISTANCE_CHOICES_KM],
        coerce=int,
        initial=matching.RADIUS_KM,
        required=False,
        empty_value=matching.RADIUS_KM,
    )
    uren = forms.TypedChoiceField(
        label=_("Uren per week"),
        choices=[
            ("", _("Maakt niet uit")),
            ("24", _("tot 24 uur")),
            ("32", _("tot 32 uur")),
            ("40", _("tot 40 uur")),
        ],
        coerce=int,
        required=False,
        empty_value=None,
    )
    start = forms.ChoiceField(label=_("Start"), required=False)

    def __init__(self, *args, starts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start"].choices = [("", _("Elke start")), *starts]
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-control" if name == "postcode" else "form-select"
            if name == "postcode":
                field.widget.attrs.update(inputmode="numeric", autocomplete="postal-code")

    def clean_postcode(self):
        text = self.cleaned_data["postcode"]
        if text.strip() and geo.lookup(text) is None:
            raise ValidationError(PC4_UNKNOWN, code="pc4")
        return text.strip()

    def search(self):
        """The matching.Search these filters ask for; any place when they are not valid."""
        if not (self.is_bound and self.is_valid()):
            return matching.Search()
        data = self.cleaned_data
        return matching.Search(
            programme=data["opleiding"].pk if data["opleiding"] else None,
            province=data["provincie"],
            max_hours=data["uren"],
            month=matching.Profile(start=data["start"]).start_month,
            area=geo.lookup(data["postcode"]) if data["postcode"] else None,
            radius=data["afstand"],
        )


class AlertSearchForm(PlaceFilterForm):
    """The filters of the list sent along with an alert: its search, which needs a postcode
    (an alert is about places near the person)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["postcode"].required = True


class AlertForm(TonedFormMixin, spam.ProtectedForm):
    """'Mail mij nieuwe werkplekken': an address, sent with the search (AlertSearchForm)."""

    refused_in = "alert form"

    email = forms.EmailField(
        label=_("{Jouw} e-mailadres"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "class": "form-control"}),
        error_messages={
            "required": _("Vul {jouw} e-mailadres in."),
            "invalid": _("Dit e-mailadres klopt niet. Bijvoorbeeld: naam@voorbeeld.nl"),
        },
    )

    def clean_email(self):
        email = self.cleaned_data["email"]
        try:
            mailbox_key(email)
        except NotAMailbox:
            message = self.fields["email"].error_messages["invalid"]
            raise ValidationError(message, code="invalid") from None
        return email


class ReplyForm(LeadForm):
    """The lead form on a werkplek: it asks for consent to share with that employer."""

    consent_employer = forms.BooleanField(
        label=_(
            "Ja, deel mijn naam, e-mailadres, telefoonnummer, opleiding, gewenste start en uren "
            "met de werkgever van deze werkplek."
        ),
        required=False,
    )

    def __init__(self, data=None, *, werkplek, **kwargs):
        self.werkplek = werkplek
        super().__init__(data, **kwargs)
        self.fields.pop("intent", None)
        programmes = self.fields.get("programmes")
        if programmes is not None:
            programmes.queryset = werkplek.programmes.published()
            if not self.is_bound:
                self.initial["programmes"] = list(programmes.queryset)
        if not self.is_bound:
            self.initial["has_employer"] = "nee"

    def clean(self):
        data = super().clean()
        data["intent"] = Submission.Intent.WERKPLEK
        return data

    def consents(self):
        return {**super().consents(), "werkgever": self.cleaned_data["consent_employer"]}

    def record(self, *args, **kwargs):
        with transaction.atomic():
            submission = super().record(*args, **kwargs)
            Reply.objects.create(submission=submission, werkplek=self.werkplek)
        return submission
