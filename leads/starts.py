"""A preferred start as the form stores it ("2027-02", "asap", "later") and as people read it."""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _


def start_label(value):
    """A preferred start as people read it: "februari 2027", "zo snel mogelijk"; "" for none."""
    if not value:
        return ""
    if value == "asap":
        return _("zo snel mogelijk")
    if value == "later":
        return _("later")
    try:
        year, month = (int(part) for part in value.split("-"))
        return date_format(datetime.date(year, month, 1), "F Y")
    except (TypeError, ValueError):
        return value
