"""The active tone's words as template variables: {{ je }}, {{ Jouw }}, {{ lerende }}, ..."""

from mkbroute.lib import placeholders


def tone_words(tone):
    """A tone's words for templates, each also capitalised: je and Je, lerende and Lerende."""
    words = tone.words()
    capitalised = {
        key[:1].upper() + key[1:]: placeholders.lookup(key[:1].upper() + key[1:], words)
        for key in words
    }
    return {"tone": tone, **words, **capitalised}


def tone(request):
    active = getattr(request, "tone", None)
    return {"tone": None} if active is None else tone_words(active)
