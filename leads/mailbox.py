"""One person per mailbox: the key an e-mail address is known by, the same in every database."""

import unicodedata

import idna


class NotAMailbox(ValueError):
    pass


def mailbox_key(address):
    """The address with its domain in IDNA form (as DNS knows it) and everything lower case.

    Computed here rather than by the database, whose idea of lower case differs (SQLite folds
    only ASCII). The local part is lowered, not case-folded, so that "straße" and "strasse"
    stay two mailboxes; so do the domains straße.de and strasse.de (IDNA 2008).
    """
    local, at, domain = address.strip().rpartition("@")
    if not at or not local or not domain:
        raise NotAMailbox(address)
    try:
        ascii_domain = idna.encode(domain, uts46=True).decode("ascii")
    except idna.IDNAError as error:
        raise NotAMailbox(address) from error
    local = unicodedata.normalize("NFC", local).lower()
    return f"{local}@{ascii_domain.lower()}"
