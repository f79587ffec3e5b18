"""Finding a person in the lead list by name, e-mail address or phone number, on columns kept
normalised when the lead is saved (see Lead.save), with an index each database can use.

A word of the query matches when it is in the person's name (without case or accents), in
their mailbox (Lead.email_key) or in their phone number's digits; every word must match, as in
Django's own admin search. A whole address finds its mailbox through the unique index on
email_key; a query of only digits (and spaces, +, -, brackets) is a phone number, spaces and
all.
"""

import re
import unicodedata

from django.db.models import Q
from django.utils.text import smart_split, unescape_string_literal

from .mailbox import NotAMailbox, mailbox_key

# Letters that carry no accent to strip but that people type without one: "Ødegård" is found
# by "odegard", "Yılmaz" by "yilmaz".
PLAIN = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ı": "i", "ł": "l", "đ": "d"})
PHONE = re.compile(r"^\+?[\d\s().-]+$")
MIN_PHONE_DIGITS = 3


def name_key(*parts):
    """Names as the search compares them: lower case, without accents, apostrophes alike."""
    text = " ".join(part for part in parts if part)
    text = unicodedata.normalize("NFKD", text.casefold().translate(PLAIN))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.replace("’", "'").replace("‘", "'").split())


def phone_key(phone):
    """The digits of a phone number, a Dutch one in its national form (0031 6.., +31 6.. and
    +31 (0)6.. become 06..), so that however it was written, one number has one key."""
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("0031"):
        national = digits[4:]
    elif digits.startswith("31") and (phone or "").lstrip().startswith("+"):
        national = digits[2:]
    else:
        return digits
    return national if national.startswith("0") else "0" + national


def is_phone(text):
    """Whether text reads as (part of) a phone number: digits, spaces and + ( ) . -"""
    return bool(PHONE.match(text)) and len(phone_key(text)) >= MIN_PHONE_DIGITS


def words(query):
    """The words of a search, as Django's admin splits them ("quoted words" stay together)."""
    for word in smart_split(query):
        if word[0] in "\"'" and word[0] == word[-1]:
            word = unescape_string_literal(word)
        if word.strip():
            yield word


def matching(query):
    """A Q that finds the leads this search query names, or None for an empty query."""
    query = query.strip()
    if not query:
        return None
    if is_phone(query):
        return Q(phone_digits__contains=phone_key(query))
    found = Q()
    for word in words(query):
        found &= matching_word(word)
    return found


def matching_word(word):
    if "@" in word:
        try:
            return Q(email_key=mailbox_key(word))
        except NotAMailbox:
            return Q(email_key__contains=word.lower())
    either = Q(name_key__contains=name_key(word)) | Q(email_key__contains=word.lower())
    if is_phone(word):
        either |= Q(phone_digits__contains=phone_key(word))
    return either
