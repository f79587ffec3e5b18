"""The lead form's fields and checks: names, phone numbers, programmes, presets by slug, and
the starts a person can choose."""

import re

from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from mkbroute.lib import geo
from mkbroute.lib.content import kept_per_version, model_versions
from programmes.models import Intake

PHONE = re.compile(r"^\+?[0-9 ()./-]{8,25}$")
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,50}")

FORGED = _("Er ging iets mis met het formulier. Controleer de gegevens en verstuur het opnieuw.")


def validate_name(value):
    if not any(char.isalpha() for char in value):
        raise ValidationError(_("Een naam bestaat uit letters."), code="no_letters")


def validate_phone(value):
    digits = sum(char.isdigit() for char in value)
    if not PHONE.match(value) or not 8 <= digits <= 15:
        raise ValidationError(
            _("Dit telefoonnummer klopt niet. Bijvoorbeeld: 06 12345678 of +31 6 12345678."),
            code="phone",
        )


def pc4_of(text):
    """The four digits of a postcode as people type it ("3511 AB", "3511"), "" for none;
    a postcode that is no PC4 area we know is refused."""
    if not text.strip():
        return ""
    area = geo.lookup(text)
    if area is None:
        raise ValidationError(
            _("Deze postcode kennen we niet. Vul de vier cijfers in, zoals 3511."), code="pc4"
        )
    return area.pc4


class ProgrammeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, programme):
        return str(programme)

    def clean(self, value):
        # None chosen: an empty list rather than an empty queryset, whose every reading
        # (the fingerprint, the record) compiles its query only to find it empty.
        if not self.required and not value:
            return []
        return super().clean(value)


class TargetGroupChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, group):
        return group.label


class PresetField(forms.ModelChoiceField):
    """A hidden field naming what the form is about by its slug.

    Anything but a slug is refused before the database sees it: PostgreSQL refuses NUL bytes,
    and junk need not cost a query.
    """

    widget = forms.HiddenInput
    found = None  # what find() found, so that validating the same slug again needs no query

    def __init__(self, queryset):
        errors = {"invalid_choice": FORGED}
        super().__init__(queryset, to_field_name="slug", required=False, error_messages=errors)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not SLUG.fullmatch(str(value)):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        if self.found is not None and value == self.found.slug:
            return self.found
        return super().to_python(value)

    def find(self, value):
        """The object a slug names, or None; an object is taken as it is. Remembered, so
        that validating the form asks the database once."""
        if isinstance(value, self.queryset.model):
            self.found = value
        else:
            try:
                self.found = self.clean(value)
            except ValidationError:
                self.found = None
        return self.found


INTAKES = ("programmes.intake",)  # all that the start months are made from


def start_months(today):
    """The first days of the months of the next intakes: from the shared cache while the
    intakes are unchanged, because every form, also every submit, asks for them; kept in the process
    as well, which saves the round trip to the cache (a table in the database by default)."""
    key = f"start-months:{model_versions(INTAKES)}:{today:%Y-%m-%d}"
    made = kept_per_version(key, lambda: tuple(shared_start_months(key, today)), models=INTAKES)
    return list(made)


def shared_start_months(key, today):
    months = cache.get(key)
    if months is None:
        starts = {i.start_date.replace(day=1) for i in Intake.objects.upcoming()[:20]}
        months = sorted(d for d in starts if d >= today.replace(day=1))
        cache.set(key, months, timeout=24 * 3600)
    return months


def start_choices():
    months = [(f"{d:%Y-%m}", d) for d in start_months(timezone.localdate())]
    return [
        ("", _("Weet ik nog niet")),
        ("asap", _("Zo snel mogelijk")),
        *[(value, date_format(d, "F Y")) for value, d in months[:4]],
        ("later", _("Later")),
    ]
