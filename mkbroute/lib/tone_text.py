"""Text fields written in the admin whose placeholders ({lerende}, {Jouw}) the tone fills."""

import functools

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from . import placeholders
from .content import kept_per_version


@functools.cache
def _vocabulary():
    return import_string(settings.TONE_PLACEHOLDERS)


def known_keys():
    """Every placeholder some tone can fill. The app that owns the tones knows, and
    settings.TONE_PLACEHOLDERS names its function: the lowest apps (programmes) use these
    fields too, and cannot import that app."""
    return _vocabulary()()


def validate_placeholders(text):
    """Refuse text with a placeholder that no tone fills, naming it and what is possible."""
    if not text or "{" not in text:
        return
    keys = known_keys()
    wrong = placeholders.unknown(text, keys)
    if wrong:
        raise ValidationError(
            _("Onbekende plaatshouder: %(wrong)s. Mogelijk zijn: %(known)s."),
            code="unknown_placeholder",
            params={
                "wrong": ", ".join(f"{{{key}}}" for key in wrong),
                "known": ", ".join(f"{{{key}}}" for key in sorted(keys)),
            },
        )


class MarkedTone:
    """Stands in for a tone where HTML is made once for every tone: its words are marks, which
    placeholders.fill_marked replaces with a real tone's words afterwards."""

    slug = "marked"

    def __init__(self):
        # Kept per content version: each part made after an edit asked for them again.
        self.marks = kept_per_version(
            "tone-marks", lambda: placeholders.marked(known_keys()), models=["personas.toneword"]
        )

    def words(self):
        return self.marks


class TonedText:
    """A text field that speaks in the reader's tone: templates show it with {% toned %}."""

    default_validators = [validate_placeholders]
    plain_path = None

    def deconstruct(self):
        # The column is an ordinary text column and the validator is behaviour, not schema:
        # migrations record the plain field, so making a field toned needs no migration.
        name, _path, args, kwargs = super().deconstruct()
        return name, self.plain_path, args, kwargs


class TonedCharField(TonedText, models.CharField):
    plain_path = "django.db.models.CharField"


class TonedTextField(TonedText, models.TextField):
    plain_path = "django.db.models.TextField"
