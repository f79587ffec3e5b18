"""Sitemaps of the public pages, published programmes and events, and active personas."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from employers.models import Werkplek
from personas.models import Persona
from programmes.models import Event, Programme


class PageSitemap(Sitemap):
    names = [
        "home",
        "programmes:list",
        "programmes:events",
        "personas:finder",
        "personas:check",
        "pages:privacy",
        "pages:accessibility",
        "employers:for_employers",
        "employers:list",
    ]

    def items(self):
        return self.names

    def location(self, item):
        return reverse(item)


class ProgrammeSitemap(Sitemap):
    def items(self):
        return Programme.objects.published()

    def lastmod(self, programme):
        return programme.updated_at


class EventSitemap(Sitemap):
    def items(self):
        return Event.objects.published().upcoming()

    def lastmod(self, event):
        return event.updated_at


class PersonaSitemap(Sitemap):
    """The landing pages; an archived persona's page is gone."""

    def items(self):
        return Persona.objects.active()


class WerkplekSitemap(Sitemap):
    """Open places of screened employers: a closed one leaves the sitemap with the list."""

    def items(self):
        return Werkplek.objects.public().order_by("pk")

    def lastmod(self, werkplek):
        return werkplek.updated_at


SITEMAPS = {
    "pages": PageSitemap,
    "programmes": ProgrammeSitemap,
    "events": EventSitemap,
    "personas": PersonaSitemap,
    "werkplekken": WerkplekSitemap,
}
