import datetime
import random

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from employers import matching
from leads.models import Submission
from mkbroute.lib import geo
from tests.factories import make_intake, make_lead, make_programme

from .helpers import make_werkplek

pytestmark = pytest.mark.django_db


def profile(**values):
    return matching.Profile(**values)


@pytest.fixture
def ict():
    programme = make_programme(name="ICT")
    make_intake(programme, start_in_days=250)
    return programme


def test_places_that_fit_come_nearest_first_with_reasons(ict):
    near = make_werkplek(programmes=[ict], pc4="3811", place="Amersfoort", hours_per_week=32)
    further = make_werkplek(programmes=[ict], pc4="3511", hours_per_week=32)
    start = ict.intakes.get().start_date.replace(day=1)
    found = matching.suggest(profile(programmes=frozenset([ict.pk]), hours=32, pc4="3818"))
    assert [s.werkplek_id for s in found] == [near.pk, further.pk]
    assert found[0].distance < 5 < found[1].distance < 25
    month = date_format(start, "F Y")
    assert found[1].reasons == f"{round(found[1].distance)} km, 32 uur, start {month}"


def test_what_does_not_fit_is_left_out(ict):
    zorg = make_programme(name="Zorg")
    make_intake(zorg, start_in_days=250)
    make_werkplek(title="Andere opleiding", programmes=[zorg], pc4="3511")
    make_werkplek(title="Te ver", programmes=[ict], pc4="9711", place="Groningen")
    make_werkplek(title="Te weinig uren", programmes=[ict], pc4="3511", hours_per_week=16)
    fits = make_werkplek(title="Past", programmes=[ict], pc4="3511", hours_per_week=36)
    person = profile(programmes=frozenset([ict.pk]), hours=32, pc4="3512")
    assert [s.werkplek_id for s in matching.suggest(person)] == [fits.pk]


def test_the_start_must_be_one_the_place_can_start_at(ict):
    later = make_intake(ict, start_in_days=600)
    only_later = make_werkplek(programmes=[ict], intakes=[later], pc4="3511")
    any_intake = make_werkplek(programmes=[ict], pc4="3511")
    soon = f"{ict.intakes.order_by('start_date').first().start_date:%Y-%m}"
    found = matching.suggest(profile(start=soon, pc4="3511"))
    assert [s.werkplek_id for s in found] == [any_intake.pk]
    found = matching.suggest(profile(start=f"{later.start_date:%Y-%m}", pc4="3511"))
    assert {s.werkplek_id for s in found} == {only_later.pk, any_intake.pk}


def test_without_a_postcode_nobody_is_offered_places_from_across_the_country(ict):
    """Issue 23: a place 200 km away is no fit, and without a postcode we cannot tell."""
    make_werkplek(programmes=[ict], pc4="9711", place="Groningen")
    make_werkplek(programmes=[ict], pc4="4542", place="Hoek")
    assert matching.suggest(profile(programmes=frozenset([ict.pk]))) == []
    assert len(matching.suggest(profile(programmes=frozenset([ict.pk]), pc4="9712"))) == 1


def test_at_most_five_suggestions(ict):
    for _n in range(8):
        make_werkplek(programmes=[ict])
    assert len(matching.suggest(profile(pc4="3511"))) == 5


def test_a_person_is_read_from_their_latest_answers(ict):
    old = timezone.now() - datetime.timedelta(days=30)
    lead = make_lead("p@example.nl", postcode="9711", hours_per_week=24, created=old)
    make_lead("p@example.nl", postcode="3511", preferred_start="asap", programmes=[ict])
    read = matching.Profile.of(lead.submissions.all())
    assert (read.pc4, read.hours, read.start) == ("3511", 24, "asap")
    assert read.programmes == {ict.pk}


@pytest.mark.slow
def test_most_demo_people_without_an_employer_get_a_place_within_the_radius(demo_content):
    """Issue 12: at least 80% of the demo leads without an employer get a suggestion."""
    from leads import demo

    demo.load(_Quiet(), 1500)
    waiting = Submission.objects.filter(has_employer=False).prefetch_related("programmes")
    candidates = matching.index()
    helped = total = 0
    for submission in waiting:
        total += 1
        person = matching.Profile.of([submission])
        found = matching.suggest(person, candidates)
        fits = all(
            person.area is not None
            and s.distance <= matching.RADIUS_KM
            and (not person.hours or abs(s.hours - person.hours) <= matching.HOURS_SLACK)
            for s in found
        )
        helped += bool(found) and fits
    assert total > 300
    assert helped / total >= 0.8


class _Quiet:
    def write(self, text):
        pass


def test_the_latitude_shortcut_never_leaves_out_a_place_within_the_radius():
    """suggest() skips a place further north or south than the radius before measuring: the
    difference in latitude alone is never more than the distance."""
    areas = list(geo.areas().values())
    rng = random.Random(25)
    for _ in range(2000):
        a, b = rng.sample(areas, 2)
        north_south = abs(a.lat - b.lat) * matching.KM_PER_DEGREE_LATITUDE
        assert north_south <= geo.distance_km(a.lat, a.lon, b.lat, b.lon) + 1e-6
