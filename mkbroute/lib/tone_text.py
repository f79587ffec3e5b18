"""Text fields written in the admin whose placeholders ({lerende}, {Jouw}) the tone fills."""

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import placeholders

# The app that owns the tones says which placeholders exist; the toolkit cannot ask it itself,
# because the lowest apps (programmes) use these fields too.
_known_keys = None


def use_vocabulary(known_keys):
    """Register the function that gives every placeholder some tone can fill."""
    global _known_keys
    _known_keys = known_keys


def validate_placeholders(text):
    """Refuse text with a placeholder that no tone fills, naming it and what is possible."""
    if _known_keys is None:
        raise ImproperlyConfigured("No vocabulary registered: call tone_text.use_vocabulary().")
    if not text or "{" not in text:
        return
    keys = _known_keys()
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
