import importlib.util
from collections import Counter

import pytest
from django.conf import settings

from employers.models import Employer, Werkplek
from leads import demo as lead_demo
from mkbroute.lib import geo
from programmes.models import Programme, Scheme

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_the_demo_has_employers_and_places_everywhere_it_needs_them(demo_content):
    assert Employer.objects.screened().count() >= 40
    places = Werkplek.objects.public()
    assert places.count() >= 80
    assert set(places.values_list("province", flat=True)) == set(geo.PROVINCES)
    for programme in Programme.objects.published():
        assert places.filter(programmes=programme).exists(), programme
    assert not Scheme.objects.valid().filter(name__in=["STAP-budget", "SLIM-regeling"]).exists()


def test_demo_people_without_an_employer_say_where_they_live(demo_content):
    from leads.models import Submission

    class Quiet:
        def write(self, text):
            pass

    lead_demo.load(Quiet(), 400)
    waiting = Submission.objects.filter(has_employer=False)
    assert waiting.count() > 100
    assert waiting.exclude(postcode="").count() / waiting.count() > 0.8


class Quiet:
    def write(self, text):
        pass


def test_demo_people_live_spread_over_the_country_as_people_do(demo_content):
    """Issue 23: not around eight cities, but each province by its share of the inhabitants."""
    from leads.models import Submission

    lead_demo.load(Quiet(), 2000)
    homes = [
        geo.lookup(p)
        for p in Submission.objects.exclude(postcode="").values_list("postcode", flat=True)
    ]
    per_province = Counter(area.province for area in homes)
    inhabitants = sum(lead_demo.INHABITANTS.values())
    for province in geo.PROVINCES:
        expected = lead_demo.INHABITANTS[province] / inhabitants
        assert abs(per_province[province] / len(homes) - expected) < 0.03, province
    assert len({area.pc4 for area in homes}) > 1000


def load_bench(name):
    path = settings.BASE_DIR / "bench" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"bench_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_bench_reports_how_many_people_and_areas_the_demo_places_serve(demo_content):
    lead_demo.load(Quiet(), 1000)
    bench = load_bench("werkplekken")
    figures = bench.shares()
    assert figures["demo_provinces"] == 12 and figures["areas"] == len(geo.areas())
    assert figures["helped"] / figures["waiting_with_postcode"] > 0.8
    assert figures["covered_areas"] / figures["areas"] > 0.9
    timings = dict.fromkeys(["index_ms", "match_ms", "match_p95_ms", "worklist_ms"], 1.0)
    counts = {"places": 1000, "people": 300, "on_worklist": 1, "leads": 1000}
    report = bench.report({**figures, **timings, **counts})
    assert "| people without an employer who get a fitting place" in report
    assert "| PC4 areas with at least one open place |" in report
