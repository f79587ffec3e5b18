"""The public filter form of the programme list."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Field, Location, Programme


class ProgrammeFilterForm(forms.Form):
    degree = forms.ChoiceField(
        label=_("Graad"),
        required=False,
        choices=[("", _("Alle graden")), *Programme.Degree.choices],
    )
    field = forms.ModelChoiceField(
        label=_("Vakgebied"),
        required=False,
        queryset=Field.objects.all(),
        to_field_name="slug",
        empty_label=_("Alle vakgebieden"),
    )
    location = forms.ModelChoiceField(
        label=_("Locatie"),
        required=False,
        queryset=Location.objects.all(),
        to_field_name="slug",
        empty_label=_("Alle locaties"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

    def filters(self):
        """The valid filter values; anything garbled is left out rather than refused."""
        self.is_valid()
        return {name: self.cleaned_data.get(name) for name in self.fields}

    @classmethod
    def from_query(cls, query):
        """A form bound to only the valid part of the query, so it shows no error messages."""
        filters = cls(query).filters()
        valid = {
            "degree": filters["degree"] or "",
            "field": filters["field"].slug if filters["field"] else "",
            "location": filters["location"].slug if filters["location"] else "",
        }
        return cls(valid), filters
