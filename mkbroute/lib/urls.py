"""URLs for pages that list many objects."""

from urllib.parse import quote

from django.urls import reverse

SENTINEL = "0url0argument0"


def url_maker(name):
    """A function giving the URL of the view name for one argument: reverse() once, then a
    string filled in for each object. reverse() costs about a tenth of a millisecond, which a
    page listing twenty places pays twenty times. Made per request: the URL's prefix is."""
    head, tail = reverse(name, args=[SENTINEL]).rsplit(SENTINEL, 1)
    return lambda value: f"{head}{quote(str(value), safe='')}{tail}"
