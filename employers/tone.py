"""The u-tone that everything for employers is written in."""

import datetime

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from personas.models import Tone
from personas.tone import tone_by_slug


def employer_tone():
    """The tone named by EMPLOYERS_TONE; without it, a built-in formal tone."""
    tone = tone_by_slug(settings.EMPLOYERS_TONE)
    if tone is None:
        tone = Tone(
            name="Werkgever",
            slug=settings.EMPLOYERS_TONE,
            learner="deelnemer",
            learners="deelnemers",
            address=Tone.Address.U,
        )
    return tone


def in_employer_tone(view):
    """Pages for employers speak the u-tone, whatever tone the visitor had; the visitor's own
    tone is kept for the rest of the site (no cookie is set)."""

    def wrapper(request, *args, **kwargs):
        request.tone = employer_tone()
        return view(request, *args, **kwargs)

    wrapper.__name__, wrapper.__doc__ = view.__name__, view.__doc__
    return wrapper


def start_label(value):
    """A preferred start as people read it: "september 2027", "zo snel mogelijk"."""
    if value == "asap":
        return _("zo snel mogelijk")
    if value == "later":
        return _("later")
    try:
        year, month = (int(part) for part in value.split("-"))
        return date_format(datetime.date(year, month, 1), "F Y")
    except ValueError:
        return value
