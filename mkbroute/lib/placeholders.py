"""Placeholders such as {lerende} or {Jouw} in text, filled from a tone's words (no Django)."""

import re

PLACEHOLDER = re.compile(r"\{([^{}\s]{1,40})\}")


def lookup(key, words):
    """The word for key; a capitalised key ({Lerende}) gives the capitalised word."""
    if key in words:
        return words[key]
    lower = key[:1].lower() + key[1:]
    if lower != key and lower in words:
        word = words[lower]
        return word[:1].upper() + word[1:]
    return None


def fill(text, words):
    """Replace every known placeholder; an unknown one stays as written."""
    if not text or "{" not in text:
        return text

    def replace(match):
        word = lookup(match.group(1), words)
        return match.group(0) if word is None else word

    return PLACEHOLDER.sub(replace, text)


def unknown(text, keys):
    """The placeholders in text that no tone can fill, in order of appearance, once each."""
    words = dict.fromkeys(keys, "x")
    found = [m.group(1) for m in PLACEHOLDER.finditer(text or "")]
    return list(dict.fromkeys(key for key in found if lookup(key, words) is None))
