"""The active tone's words as template variables: {{ je }}, {{ Jouw }}, {{ lerende }}, ..."""

from . import placeholders


def tone(request):
    active = getattr(request, "tone", None)
    if active is None:
        return {"tone": None}
    words = active.words()
    capitalised = {key[:1].upper() + key[1:]: placeholders.lookup(key[:1].upper() + key[1:], words)
                   for key in words}  # fmt: skip
    return {"tone": active, **words, **capitalised}
