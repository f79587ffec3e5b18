"""The u-tone that everything for employers is written in."""

from django.conf import settings

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
