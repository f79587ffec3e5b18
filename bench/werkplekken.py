"""Matching and the worklist at size, in one process against the bench database.

Run by bench/run.py (make bench) after load_demo --leads 100000. First, on the demo's own
places (all twelve provinces) and people (spread as people live): the share of people
without an employer who get a fitting place within the radius, and the share of all PC4 areas
with an open place within it. Then the places are topped up to 1,000 open ones (rolled back
afterwards) to measure matching one person against all of them and rendering admissions'
worklist "Zonder werkplek". Prints the figures as one line of JSON.
"""

import json
import random
import statistics
import sys
import time
from pathlib import Path

PLACES = 1000
PEOPLE = 300


def top_up_places(total=PLACES, seed=12):
    """Copies of the demo places spread over the whole country, up to total open ones."""
    from employers.models import Werkplek
    from mkbroute.lib import geo

    rng = random.Random(seed)
    areas = list(geo.areas().values())
    demo = list(Werkplek.objects.public().prefetch_related("programmes"))
    made = len(demo)
    while made < total:
        model = demo[made % len(demo)]
        area = rng.choice(areas)
        copy = Werkplek.objects.create(
            employer_id=model.employer_id,
            title=model.title,
            slug=f"bench-{made}",
            hours_per_week=rng.choice([24, 28, 32, 36]),
            description=model.description,
            place=area.place,
            pc4=area.pc4,
        )
        copy.programmes.set(model.programmes.all())
        made += 1


def shares():
    """How well the demo's own places serve its people and the country, within the radius."""
    from employers import matching
    from leads.models import Submission
    from mkbroute.lib import geo

    candidates = matching.index()
    people = Submission.objects.filter(has_employer=False).prefetch_related("programmes")
    waiting = helped = with_postcode = 0
    for submission in people.iterator(2000):
        profile = matching.Profile.of([submission])
        waiting += 1
        with_postcode += profile.area is not None
        helped += bool(matching.suggest(profile, candidates))
    points = [(c.lat, c.lon) for c in candidates]
    areas = geo.areas().values()
    covered = sum(
        any(geo.distance_km(a.lat, a.lon, lat, lon) <= matching.RADIUS_KM for lat, lon in points)
        for a in areas
    )
    return {
        "demo_places": len(candidates),
        "demo_provinces": len({c.province for c in candidates}),
        "radius_km": matching.RADIUS_KM,
        "waiting": waiting,
        "waiting_with_postcode": with_postcode,
        "helped": helped,
        "areas": len(areas),
        "covered_areas": covered,
    }


def timed(function, rounds):
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return times


def measure():
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.test import Client
    from django.utils import timezone

    from employers import matching, worklist
    from leads.models import Submission

    served = shares()
    top_up_places()
    cache.clear()
    build = timed(lambda: matching.build_index(timezone.localdate()), 3)
    candidates = matching.index()
    people = [
        matching.Profile.of([s])
        for s in Submission.objects.filter(has_employer=False)
        .exclude(postcode="")
        .prefetch_related("programmes")[:PEOPLE]
    ]
    per_person = []
    for person in people:
        per_person += timed(lambda p=person: matching.suggest(p, candidates), 1)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.create_superuser("bench-worklist"))

    def render():
        response = client.get("/admin/zonder-werkplek/")
        assert response.status_code == 200, response.status_code

    rendered = timed(render, 3)
    on_list = worklist.waiting().count()
    return {
        "places": len(candidates),
        "people": len(people),
        "index_ms": statistics.median(build),
        "match_ms": statistics.median(per_person),
        "match_p95_ms": sorted(per_person)[int(len(per_person) * 0.95)],
        "worklist_ms": statistics.median(rendered),
        "on_worklist": on_list,
        "leads": Submission.objects.values("lead").distinct().count(),
        **served,
    }


def report(figures):
    f = figures
    return "\n".join(
        [
            "## Werkplekken: matching and the worklist",
            "",
            f"On the SQLite bench database with {f['leads']:,} leads ({f['on_worklist']:,} of "
            f"them on the worklist) and {f['places']:,} open places (the demo's, topped up "
            "with copies spread over the country; rolled back afterwards).",
            "",
            "| what | median ms | goal |",
            "| --- | ---: | --- |",
            f"| matching one person against {f['places']:,} places (index in the cache), "
            f"{f['people']} people | {f['match_ms']:.2f} (p95 {f['match_p95_ms']:.2f}) "
            "| ≤ 50 |",
            f"| building the index of {f['places']:,} places from the database (once per "
            f"content change or day) | {f['index_ms']:.0f} | — |",
            f"| rendering the worklist “Zonder werkplek” | {f['worklist_ms']:.0f} | < 1000 |",
            "",
            f"Matching on the demo's own {f['demo_places']:,} open places (in "
            f"{f['demo_provinces']} provinces), before the top-up; the demo people live spread "
            "over the country as people do (a province by its inhabitants, then one of its "
            "PC4 areas).",
            "",
            f"| share | of | within {f['radius_km']} km |",
            "| --- | ---: | ---: |",
            f"| people without an employer who get a fitting place (programme, start, hours) "
            f"| {f['waiting']:,} | {f['helped'] / f['waiting']:.0%} |",
            f"| the same, of those who gave a postcode (without one, nothing fits) "
            f"| {f['waiting_with_postcode']:,} | {f['helped'] / f['waiting_with_postcode']:.0%} |",
            f"| PC4 areas with at least one open place | {f['areas']:,} "
            f"| {f['covered_areas'] / f['areas']:.0%} |",
            "",
            "The list and place pages are in the pages table above: cached per tone, with the "
            "same number of queries however many places there are (a test checks this).",
            "",
        ]
    )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.db import transaction

    with transaction.atomic():
        figures = measure()
        transaction.set_rollback(True)
    print(json.dumps(figures))
