"""CSV cells that are safe to open in a spreadsheet (OWASP CSV injection), without Django."""

FORMULA_STARTS = frozenset("=+-@\t\r\n")


def neutralise(value):
    """Text that a spreadsheet could run as a formula gets a leading apostrophe."""
    if value.__class__ is not str:
        return "" if value is None else value
    return "'" + value if value and value[0] in FORMULA_STARTS else value


class Echo:
    """A file-like object whose write returns what it was given, for streaming csv.writer."""

    def write(self, value):
        return value
