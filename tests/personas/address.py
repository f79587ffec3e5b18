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


def wrong_address(text, address):
    """The words in text that belong to the other form of address, in order."""
    unquoted = QUOTED.sub(" ", text)
    return [word for word in WORD.findall(unquoted) if word.lower() in NOT_IN[address]]


def sentences_with(text, words):
    """The sentences around each offending word, for a readable failure."""
    found = []
    for sentence in re.split(r"(?<=[.?!:])\s+", QUOTED.sub(" ", text)):
        if {word.lower() for word in WORD.findall(sentence)} & {w.lower() for w in words}:
            found.append(sentence.strip())
    return found
