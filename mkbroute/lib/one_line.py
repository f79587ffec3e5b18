"""Text that stays on one line: a name, a title or a place goes into mail subjects, CSV rows
and page titles, where a line break or a control character does harm. Forms refuse it
(OneLineFields); text stored before that, or typed in the admin, is flattened (one_line)."""

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MESSAGE = _("Gebruik gewone tekens op één regel, zonder regeleinden of tabs.")


def breaks_line(char):
    """Control and format characters (a line break, a tab, an escape, a direction override)
    and the line and paragraph separators."""
    return unicodedata.category(char)[0] == "C" or unicodedata.category(char) in ("Zl", "Zp")


def one_line(text):
    """The text on one line: each run of such characters and spaces becomes one space."""
    return " ".join("".join(" " if breaks_line(char) else char for char in str(text)).split())


def validate_one_line(value):
    if any(map(breaks_line, value)):
        raise ValidationError(MESSAGE, code="control")


class OneLineFields:
    """A form whose text fields of one line refuse what breaks a line, with one message.

    Every such field, including those added later: a visible text field without a textarea,
    but for the fields named in any_text.
    """

    any_text = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name in self.any_text or type(field) is not forms.CharField:
                continue
            if not isinstance(field.widget, forms.Textarea | forms.HiddenInput):
                field.validators.append(validate_one_line)
