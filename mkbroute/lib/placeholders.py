"""Placeholders such as {lerende} or {Jouw} in text, filled from a tone's words (no Django)."""

import re
from html import escape

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


# Marks that stand for a tone's word in HTML made once for every tone (fill_marked): private
# use characters, which no text of ours or of the admin holds, unlike braces.
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"
MARK = re.compile(f"{MARK_OPEN}([^{MARK_OPEN}{MARK_CLOSE}]{{1,40}}){MARK_CLOSE}")


def marked(keys):
    """{key: a mark for it} for each key and its capitalised form, to make text or HTML in
    which fill_marked later puts the words of any tone."""
    capitalised = {key[:1].upper() + key[1:] for key in keys}
    return {key: f"{MARK_OPEN}{key}{MARK_CLOSE}" for key in {*keys, *capitalised}}


def fill_marked(html, words):
    """Put the words of a tone, HTML-escaped, where marked() left marks."""
    if MARK_OPEN not in html:
        return html

    def replace(match):
        word = lookup(match.group(1), words)
        return match.group(0) if word is None else escape(word)

    return MARK.sub(replace, html)
