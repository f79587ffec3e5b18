"""The weekly digests of all alerts in one run: which open places are new to each, found for
every alert at once from the matching index, and one mail queued per alert that has any.

A place is in an alert's digest when /werkplekken/ shows it for the alert's filters (the same
matching.Search test and distance) and the person has neither seen it when asking nor been
sent it since (Alert.known). Run daily: an alert is due DIGEST_DAYS after its last digest,
so a second run on the same day, or any day in between, sends nothing.
"""

import bisect
import math

from django.db import transaction
from django.utils import timezone

from leads import outbox
from mkbroute.lib import geo
from mkbroute.lib.queries import update_each

from . import mails, matching
from .alerts import Alert, Digest

EARTH_KM = 6371.0  # the radius geo.distance_km measures with
BATCH = 500
ALERT_FIELDS = ["pk", "pc4", "radius", "programme_id", "province", "max_hours", "start_month"]


class Nearby:
    """The places within a distance of a PC4 area, nearest first, measured once per area.

    Only places that could be near are measured: those in the band of latitudes the widest
    distance allows (a great circle is never shorter than its north-south part) and, within
    it, of longitudes near enough for the band's latitudes (see lon_reach).
    """

    def __init__(self, candidates, widest_km):
        self.places = sorted((c.lat, c.lon, c.pk, c) for c in candidates)
        self.lats = [place[0] for place in self.places]
        self.reach = widest_km / EARTH_KM  # in radians of a great circle
        self.band = math.degrees(self.reach) + 1e-9
        self.widest_km = widest_km
        self.measured = {}

    def within(self, pc4, radius):
        """[(km, candidate)] within radius km of the area, by distance and then id, as
        matching.Search.run orders them."""
        measured = self.measured.get(pc4)
        if measured is None:
            measured = self.measured[pc4] = self.measure(geo.lookup(pc4))
        return [(km, candidate) for km, _pk, candidate in measured if km <= radius]

    def measure(self, area):
        if area is None:  # a PC4 the map no longer knows: nothing is near it
            return []
        low = bisect.bisect_left(self.lats, area.lat - self.band)
        high = bisect.bisect_right(self.lats, area.lat + self.band)
        reach = self.lon_reach(abs(area.lat) + self.band)
        measured = []
        for lat, lon, pk, candidate in self.places[low:high]:
            apart = abs(lon - area.lon)
            if min(apart, 360 - apart) > reach:
                continue
            km = geo.distance_km(area.lat, area.lon, lat, lon)
            if km <= self.widest_km:
                measured.append((km, pk, candidate))
        measured.sort()
        return measured

    def lon_reach(self, polemost):
        """Degrees of longitude beyond which no place is within reach, for two points no
        nearer the pole than `polemost` degrees: by the haversine formula,
        hav(d) >= cos(lat1) cos(lat2) hav(dlon) >= cos(polemost)^2 hav(dlon)."""
        cos_pole = math.cos(math.radians(min(polemost, 90.0)))
        share = math.sin(self.reach / 2) ** 2 / (cos_pole**2) if cos_pole > 0 else 2.0
        if share >= 1:
            return 180.0  # near a pole every longitude may be near
        return math.degrees(2 * math.asin(math.sqrt(share))) + 1e-9


def new_places(alerts, candidates):
    """{alert id: [werkplek id, nearest first]} of the places new to each of these alerts
    (rows of ALERT_FIELDS and known) among the candidates; alerts without any are left out."""
    if not alerts:
        return {}
    nearby = Nearby(candidates, max(row[2] for row in alerts))
    found = {}
    for pk, pc4, radius, programme, province, max_hours, month, known in alerts:
        search = matching.Search(programme, province, max_hours, month, radius=radius)
        seen = set(known)
        new = [
            candidate.pk
            for _km, candidate in nearby.within(pc4, radius)
            if candidate.pk not in seen and search.matches(candidate)
        ]
        if new:
            found[pk] = new
    return found


def send_digests(now=None):
    """Queue the digest of every alert that is due and has new places; the number queued.

    The places are found outside the transaction (reading only); inside it, the alerts are
    locked and asked again whether they are due, so that two runs at once, or a person who
    just unsubscribed, never get a digest twice or one too many.
    """
    now = now or timezone.now()
    candidates = matching.index(timezone.localdate(now))
    due = list(Alert.objects.due(now).order_by("pk").values_list(*ALERT_FIELDS, "known"))
    found = new_places(due, candidates)
    if not found:
        return 0
    known = {row[0]: row[-1] for row in due}
    with transaction.atomic():
        still_due = Alert.objects.due(now).select_for_update().values_list("pk", flat=True)
        chosen = sorted(found.keys() & set(still_due))
        sent = [
            Alert(pk=pk, known=sorted({*known[pk], *found[pk]}), last_sent_at=now) for pk in chosen
        ]
        update_each(sent, ["known", "last_sent_at"])
        digests = Digest.objects.bulk_create(
            [Digest(alert_id=pk, places=found[pk], created_at=now) for pk in chosen],
            batch_size=BATCH,
        )
        outbox.queue_many(mails.alert_digest, [digest.pk for digest in digests], BATCH)
    return len(digests)


def daily():
    """The daily step (mkbroute/tasks.py DAILY_STEPS): each alert's digest once it is due."""
    return {"overzichten van nieuwe werkplekken": send_digests()}
