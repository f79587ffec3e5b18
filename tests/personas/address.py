"""Which words of the other form of address a text uses: "je" on a u-page, "uw" on a je-page."""

import re

# Quoted words are someone else's (a participant's quote, a label the visitor picked), and a
# link's letters (a signed token) are no words at all.
QUOTED = re.compile(r"“[^”]*”|‘[^’]*’|\"[^\"]*\"|https?://\S+")
WORD = re.compile(r"[a-zà-ÿ]+", re.IGNORECASE)
NOT_IN = {
    "je": {"u", "uw", "uzelf"},
    "u": {"je", "jij", "jou", "jouw", "jezelf", "jullie"},
}

# A verb before its subject takes the form of that subject: "heb je" but "hebt u". A
# placeholder after a verb ("Heb {je}") gives "heb u" in the u-tone, "hebt je" the other way.
# A capital pronoun starts a new sentence (a heading runs into the next paragraph's text).
INVERTED = {
    "je": re.compile(r"\b((?i:hebt|bent|kunt|wilt|hoeft|wordt|zoekt))\s+je\b"),
    "u": re.compile(r"\b((?i:heb|ben|kun|wil|hoef|word|vind|werk|zoek))\s+u\b"),
}


def wrong_address(text, address):
    """The words in text that belong to the other form of address, in order, and the verbs
    in the form of the other address before their subject."""
    unquoted = QUOTED.sub(" ", text)
    words = [word for word in WORD.findall(unquoted) if word.lower() in NOT_IN[address]]
    return words + [match.group(1) for match in INVERTED[address].finditer(unquoted)]


def sentences_with(text, words):
    """The sentences around each offending word, for a readable failure."""
    found = []
    for sentence in re.split(r"(?<=[.?!:])\s+", QUOTED.sub(" ", text)):
        if {word.lower() for word in WORD.findall(sentence)} & {w.lower() for w in words}:
            found.append(sentence.strip())
    return found
