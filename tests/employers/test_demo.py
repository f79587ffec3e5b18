import pytest

from employers.models import Employer, Werkplek
from leads import demo as lead_demo
from programmes.models import Programme, Scheme

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_the_demo_has_employers_and_places_everywhere_it_needs_them(demo_content):
    assert Employer.objects.screened().count() >= 40
    places = Werkplek.objects.public()
    assert places.count() >= 80
    assert len(set(places.values_list("province", flat=True))) >= 4
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
