"""The forms of a person's own page (/mijn/): correcting their details, and erasing them.

The fields are the lead form's own, so that a correction is checked exactly as the first
answer was: names, phone number, postcode (a PC4 area we know), start and hours.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from personas.forms import TonedFormMixin

from .fields import pc4_of, start_choices
from .forms import LeadForm
from .models import ANSWERS, CONTACT, current_answers
from .starts import start_label

SHARED = LeadForm.base_fields


class DetailsForm(TonedFormMixin, forms.Form):
    first_name = SHARED["first_name"]
    last_name = SHARED["last_name"]
    phone = SHARED["phone"]
    postcode = SHARED["postcode"]
    preferred_start = SHARED["preferred_start"]
    hours_per_week = SHARED["hours_per_week"]

    def __init__(self, data=None, *, lead, submissions, tone=None):
        """submissions: the person's, so that the form shows the answers as they count now."""
        initial = {name: getattr(lead, name) for name in CONTACT}
        if submissions:
            initial.update(current_answers(submissions))
        super().__init__(data, initial=initial, tone=tone)
        if not submissions:  # nothing to keep the answers on
            for name in ANSWERS:
                del self.fields[name]
            return
        choices = start_choices()
        start = initial["preferred_start"]
        if start and start not in dict(choices):
            # A month no longer offered stays what it is until the person chooses another.
            choices.insert(-1, (start, start_label(start)))
        self.fields["preferred_start"].choices = choices

    def clean_postcode(self):
        return pc4_of(self.cleaned_data["postcode"])

    @property
    def contact_fields(self):
        return [self[name] for name in CONTACT]

    @property
    def answer_fields(self):
        return [self[name] for name in ANSWERS if name in self.fields]


class EraseForm(TonedFormMixin, forms.Form):
    confirm = forms.BooleanField(
        label=_("Ja, verwijder al mijn gegevens. Ik weet dat dit niet ongedaan kan worden."),
        error_messages={"required": _("Vink aan dat {je} alles wilt laten verwijderen.")},
    )
