"""The forms of /werkgevers/mijn/: a place as its employer edits or adds it, closing and
reopening, copying, and the contact person."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leads.fields import validate_name, validate_phone
from mkbroute.lib.one_line import OneLineFields
from programmes.models import Programme

from .forms import WerkplekForm
from .models import Employer, Werkplek
from .pending import SCREENED

# The furthest ahead a place may be open until: further is a typing error in the year.
OPEN_UNTIL_AHEAD = datetime.timedelta(days=2 * 366)
# What goes live at once when an employer edits a place; the rest waits (see pending.py).
LIVE = ["title", "description", "salary_min", "salary_max", "open_until", "places"]
# So many new places may wait for admissions' check at once: enough for any mkb employer,
# and a link in the wrong hands cannot bury admissions' worklist.
MAX_WAITING = 10


class PlaceForm(WerkplekForm):
    """A place as its employer edits or adds it: the fields of the registration, and until
    when it is open."""

    open_until = forms.DateField(
        label=_("Open tot"),
        help_text=_("Daarna verdwijnt de werkplek vanzelf van de site."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Vul in tot wanneer de werkplek open is."),
            "invalid": _("Vul een datum in, zoals 31-08-2027."),
        },
    )
    # Through the link a place that falls short of its programmes is refused, not warned
    # about: the employer mends it on the spot, and admissions check what is published.
    despite_shortfalls = None
    field_order = [*WerkplekForm.base_fields, "open_until"]

    def __init__(self, *args, employer, werkplek=None, **kwargs):
        """werkplek: the place edited, if it is not a new one."""
        self.employer, self.werkplek = employer, werkplek
        super().__init__(*args, **kwargs)

    @classmethod
    def initial_of(cls, werkplek):
        """What the form shows of a place: what is published, or what waits for the check."""
        values = {name: getattr(werkplek, name) for name in [*LIVE, *SCREENED[1:]]}
        values["programmes"] = list(werkplek.programmes.all())
        change = werkplek.change_waiting
        if change is not None:
            values.update({name: change.proposed[name] for name in SCREENED[1:]})
            values["programmes"] = list(
                Programme.objects.filter(pk__in=change.proposed["programmes"])
            )
        return values

    def clean_description(self):
        # As a browser sends a textarea, so that an unchanged text compares as unchanged.
        return self.cleaned_data["description"].replace("\r\n", "\n")

    def clean_open_until(self):
        day = self.cleaned_data["open_until"]
        if day < timezone.localdate():
            raise ValidationError(
                _("Deze datum ligt in het verleden. Kies vandaag of later."), code="past"
            )
        # A slip of the year (2062 for 2026); a date admissions set stays as it is.
        kept = self.werkplek is not None and day == self.werkplek.open_until
        if day > timezone.localdate() + OPEN_UNTIL_AHEAD and not kept:
            raise ValidationError(
                _("Deze datum ligt meer dan twee jaar vooruit. Klopt het jaartal?"), code="far"
            )
        return day

    def live_values(self):
        return {name: self.cleaned_data[name] for name in LIVE}

    def screened_values(self):
        data = self.cleaned_data
        programmes = sorted(data["programmes"], key=lambda p: p.pk)
        return {
            "programmes": [p.pk for p in programmes],
            "programme_names": [p.name for p in programmes],
            "hours_per_week": data["hours_per_week"],
            "has_supervisor": data["has_supervisor"],
            "place": data["place"] or self.employer.place,
            "pc4": data["pc4"] or self.employer.pc4,
        }


class NewPlaceForm(PlaceForm):
    def clean(self):
        data = super().clean()
        if full := room_to_wait(self.employer):
            self.add_error(None, full)
        return data


def room_to_wait(employer):
    """None while the employer may add a place; else the error that says why not."""
    new = employer.werkplekken.filter(screened_at=None).exclude(status__in=Werkplek.CLOSED)
    if new.count() >= MAX_WAITING:
        return ValidationError(
            _(
                "Er wachten al %(n)s nieuwe werkplekken op controle door toelating. Zodra we "
                "die bekeken hebben, kunt u er meer toevoegen."
            )
            % {"n": MAX_WAITING},
            code="too_many_waiting",
        )
    return None


class CloseForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Waarom sluit u de werkplek?"),
        choices=[
            (Werkplek.Status.FILLED, _("Vervuld: er is iemand gevonden")),
            (Werkplek.Status.CLOSED, _("Gesloten: de werkplek gaat niet door")),
        ],
        error_messages={
            "required": _("Kies of de werkplek vervuld is of niet doorgaat."),
            "invalid_choice": _("Kies of de werkplek vervuld is of niet doorgaat."),
        },
    )

    def __init__(self, *args, werkplek, **kwargs):
        self.werkplek = werkplek
        super().__init__(*args, **kwargs)

    def clean(self):
        if self.werkplek.status in Werkplek.CLOSED:
            raise ValidationError(_("Deze werkplek is al gesloten."), code="closed")
        return super().clean()


class ReopenForm(forms.Form):
    def __init__(self, *args, werkplek, **kwargs):
        self.werkplek = werkplek
        super().__init__(*args, **kwargs)

    def clean(self):
        if self.werkplek.status == Werkplek.Status.OPEN:
            raise ValidationError(_("Deze werkplek is al open."), code="open")
        return super().clean()


class CopyForm(forms.Form):
    def __init__(self, *args, werkplek, **kwargs):
        self.werkplek = werkplek
        super().__init__(*args, **kwargs)

    def clean(self):
        if full := room_to_wait(self.werkplek.employer):
            raise full
        return super().clean()


class ContactForm(OneLineFields, forms.ModelForm):
    """The contact person: a new one gets their own link, the old one's stops working."""

    contact_name = forms.CharField(label=_("Naam"), max_length=150, validators=[validate_name])
    contact_role = forms.CharField(label=_("Functie"), max_length=100, required=False)
    contact_email = forms.EmailField(
        label=_("E-mailadres"),
        max_length=254,
        error_messages={"invalid": _("Dit e-mailadres klopt niet. Bijvoorbeeld: naam@bedrijf.nl")},
    )
    contact_phone = forms.CharField(
        label=_("Telefoonnummer"), max_length=40, required=False, validators=[validate_phone]
    )

    class Meta:
        model = Employer
        fields = ["contact_name", "contact_role", "contact_email", "contact_phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_name"].error_messages["required"] = _("Vul de naam in.")
        self.fields["contact_email"].error_messages["required"] = _("Vul het e-mailadres in.")
