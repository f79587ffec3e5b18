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

from . import mails, matching
from .alerts import Alert, Digest

EARTH_KM = 6371.0  # the radius geo.distance_km measures with
BATCH = 500
ALERT_FIELDS = ["pk", "pc4", "radius", "programme_id", "province", "max_hours", "start_month"]


class Nearby:
    """The places within a distance of a PC4 area, nearest first, measured once per area.

    Only the places in the band of latitudes the widest distance allows are measured: a
    great circle is never shorter than its north-south part, so none outside can be near.
    """

    def __init__(self, candidates, widest_km):
        self.candidates = sorted(candidates, key=lambda c: c.lat)
        self.lats = [c.lat for c in self.candidates]
        self.band = math.degrees(widest_km / EARTH_KM) + 1e-9
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
        measured = (
            (geo.distance_km(area.lat, area.lon, c.lat, c.lon), c.pk, c)
            for c in self.candidates[low:high]
        )
        return sorted(row for row in measured if row[0] <= self.widest_km)


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
        Alert.objects.bulk_update(sent, ["known", "last_sent_at"], batch_size=BATCH)
        digests = Digest.objects.bulk_create(
            [Digest(alert_id=pk, places=found[pk], created_at=now) for pk in chosen],
            batch_size=BATCH,
        )
        outbox.queue_many(mails.alert_digest, [digest.pk for digest in digests], BATCH)
    return len(digests)
