"""Which open werkplekken fit a person without an employer, nearest first, with the reasons.

A place fits when it is within the radius, suits one of the person's programmes (any, if they
named none), can start at the month they want (any, if they gave none) and asks about the
hours they want to work (within HOURS_SLACK; any, if they gave none). Without a postcode
nothing fits: nobody is offered a place across the country as if it did. Distances are between
the points of PC4 areas (mkbroute.lib.geo).
"""

import datetime
import math
from dataclasses import dataclass, field

from django.core.cache import cache
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mkbroute.lib import geo
from mkbroute.lib.content import content_version
from programmes.models import Intake

from .models import Werkplek

# How far a fitting place may be: for suggestions to a person, and the default of the
# werkplekken list, where a visitor picks one of DISTANCE_CHOICES_KM instead (?afstand=).
RADIUS_KM = 25
DISTANCE_CHOICES_KM = (10, RADIUS_KM, 50)
HOURS_SLACK = 8
LIMIT = 5


@dataclass(frozen=True)
class Candidate:
    """What matching needs to know of one open place: small, so the index caches well."""

    pk: int
    lat: float
    lon: float
    province: str
    hours: int
    programmes: frozenset
    starts: tuple  # the first days of the months it can start, soonest first


@dataclass
class Profile:
    programmes: frozenset = frozenset()
    start: str = ""  # "2027-09", or "", "asap" or "later"
    hours: int | None = None
    pc4: str = ""

    @classmethod
    def of(cls, submissions):
        """What a person told us over their submits, the latest answer first."""
        profile = cls()
        programmes = set()
        for submission in sorted(submissions, key=lambda s: s.created_at, reverse=True):
            programmes.update(p.pk for p in submission.programmes.all())
            profile.start = profile.start or submission.preferred_start
            profile.hours = profile.hours or submission.hours_per_week
            profile.pc4 = profile.pc4 or submission.postcode
        profile.programmes = frozenset(programmes)
        return profile

    @property
    def area(self):
        return geo.lookup(self.pc4) if self.pc4 else None

    @property
    def start_month(self):
        try:
            return datetime.date.fromisoformat(f"{self.start}-01")
        except ValueError:
            return None


@dataclass
class Suggestion:
    werkplek_id: int
    distance: float | None
    start: datetime.date | None
    hours: int
    werkplek: Werkplek | None = field(default=None, compare=False)

    @property
    def reasons(self):
        """Why it fits, as a person reads it: "12 km, 32 uur, start september 2027"."""
        parts = []
        if self.distance is not None:
            parts.append(_("%(km)s km") % {"km": round(self.distance)})
        parts.append(_("%(hours)s uur") % {"hours": self.hours})
        if self.start is not None:
            parts.append(_("start %(month)s") % {"month": date_format(self.start, "F Y")})
        return ", ".join(parts)


def index(today=None):
    """Every open place as a Candidate, from the cache until content changes or the day ends."""
    today = today or timezone.localdate()
    key = f"werkplek-index:{content_version()}:{today}"
    candidates = cache.get(key)
    if candidates is None:
        candidates = build_index(today)
        cache.set(key, candidates, timeout=3600)
    return candidates


def build_index(today):
    places = Werkplek.objects.public(today).exclude(lat=None).order_by("-created_at", "-pk")
    rows = list(places.values_list("pk", "lat", "lon", "province", "hours_per_week"))
    ids = [row[0] for row in rows]
    programmes, intakes = {}, {}
    for pk, programme in Werkplek.programmes.through.objects.filter(
        werkplek_id__in=ids
    ).values_list("werkplek_id", "programme_id"):
        programmes.setdefault(pk, set()).add(programme)
    for pk, start in Werkplek.intakes.through.objects.filter(
        werkplek_id__in=ids, intake__start_date__gte=today, intake__archived=False
    ).values_list("werkplek_id", "intake__start_date"):
        intakes.setdefault(pk, set()).add(start.replace(day=1))
    # A place without intakes of its own starts at every coming intake of its programmes.
    per_programme = {}
    for programme, start in Intake.objects.upcoming().values_list("programme_id", "start_date"):
        per_programme.setdefault(programme, set()).add(start.replace(day=1))
    candidates = []
    for pk, lat, lon, province, hours in rows:
        mine = programmes.get(pk, set())
        starts = intakes.get(pk) or {s for p in mine for s in per_programme.get(p, ())}
        candidates.append(
            Candidate(pk, lat, lon, province, hours, frozenset(mine), tuple(sorted(starts)))
        )
    return candidates


KM_PER_DEGREE_LATITUDE = 2 * math.pi * 6371.0 / 360  # geo.distance_km's earth


def fits(profile, candidate, month):
    if profile.programmes and not profile.programmes & candidate.programmes:
        return None
    if profile.hours and profile.hours >= 16 and abs(candidate.hours - profile.hours) > HOURS_SLACK:
        return None
    if month is not None:
        return month if month in candidate.starts else None
    return candidate.starts[0] if candidate.starts else None


def suggest(profile, candidates=None, radius=RADIUS_KM, limit=LIMIT):
    """The best `limit` places for this person, nearest first (then closest in hours).

    Without a PC4 nothing fits: a place across the country is no fit for someone who works
    there four days a week, and without a postcode we cannot tell which places are near.
    """
    area, month = profile.area, profile.start_month
    if area is None:
        return []
    candidates = index() if candidates is None else candidates
    found = []
    for candidate in candidates:
        # Further north or south than the radius is further away, whatever the longitude:
        # skips the distance of most places, which the worklist asks for each person.
        if abs(candidate.lat - area.lat) * KM_PER_DEGREE_LATITUDE > radius + 0.01:
            continue
        start = fits(profile, candidate, month)
        if start is None:
            continue
        distance = geo.distance_km(area.lat, area.lon, candidate.lat, candidate.lon)
        if distance <= radius:
            found.append(Suggestion(candidate.pk, distance, start, candidate.hours))
    wanted = profile.hours or 0
    found.sort(key=lambda s: (s.distance, abs(s.hours - wanted), s.start, s.werkplek_id))
    return found[:limit]


def with_places(suggestions):
    """The suggestions with their Werkplek (and employer) loaded, in one query."""
    places = Werkplek.objects.select_related("employer").in_bulk(
        [s.werkplek_id for s in suggestions]
    )
    for suggestion in suggestions:
        suggestion.werkplek = places.get(suggestion.werkplek_id)
    return [s for s in suggestions if s.werkplek is not None]


@dataclass
class Found:
    """What a Search found: the places within its radius as (pk, km), nearest first; how many
    more fit further away, and how far the nearest of those is; and when none lies within the
    largest distance a visitor can choose, the nearest few, so that the list still answers."""

    places: list
    further: int = 0
    nearest_further: float | None = None
    nearest: list = field(default_factory=list)

    @property
    def larger_distance_helps(self):
        """Whether a larger choice of distance would show some of the places further away."""
        return self.further > 0 and self.nearest_further <= max(DISTANCE_CHOICES_KM)


@dataclass
class Search:
    """What a visitor filters the list of places by; None or empty means any."""

    programme: int | None = None
    province: str = ""
    max_hours: int | None = None
    month: datetime.date | None = None
    area: geo.Area | None = None
    radius: int = RADIUS_KM

    def matches(self, candidate):
        return (
            (self.programme is None or self.programme in candidate.programmes)
            and (not self.province or candidate.province == self.province)
            and (self.max_hours is None or candidate.hours <= self.max_hours)
            and (self.month is None or self.month in candidate.starts)
        )

    def run(self, candidates=None):
        """The places that match, as a Found. Without a postcode: every match, newest first."""
        candidates = index() if candidates is None else candidates
        fitting = [c for c in candidates if self.matches(c)]
        if self.area is None:
            return Found([(c.pk, None) for c in fitting])
        measured = sorted(
            (geo.distance_km(self.area.lat, self.area.lon, c.lat, c.lon), c.pk) for c in fitting
        )
        inside = [(pk, km) for km, pk in measured if km <= self.radius]
        further = [(pk, km) for km, pk in measured if km > self.radius]
        found = Found(inside, len(further), further[0][1] if further else None)
        if not inside and further and found.nearest_further > max(DISTANCE_CHOICES_KM):
            found.nearest = further[:LIMIT]  # no distance to choose would find any
        return found
