"""The weekly digest: only places new to the alert that the list would show for its search,
at most once a week, never to an unconfirmed alert, in a constant number of queries."""

import datetime
import email
import email.policy
import random
from urllib.parse import urlsplit

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from employers import mails, matching
from employers.alerts import Alert, Digest
from employers.digests import Nearby, new_places, send_digests
from employers.models import Werkplek
from leads import outbox
from mkbroute.lib import geo
from tests.factories import make_intake, make_programme
from tests.helpers import command_output
from tests.leads.helpers import run_worker

from .helpers import make_alert, make_werkplek

pytestmark = pytest.mark.django_db


def later(days):
    return time_machine.travel(timezone.now() + datetime.timedelta(days=days))


def digest_mails(mailoutbox):
    return [m for m in mailoutbox if "nieuwe werkplek" in m.subject]


def test_a_digest_holds_only_new_places_that_fit_the_search(mailoutbox):
    ict, zorg = make_programme(name="ICT"), make_programme(name="Zorg")
    make_werkplek(title="Al gezien", programmes=[ict])
    alert = make_alert(programme=ict.pk, radius=25)
    make_werkplek(title="Nieuw in Utrecht", programmes=[ict])
    make_werkplek(title="Nieuw in Amersfoort", programmes=[ict], pc4="3811", place="Amersfoort")
    make_werkplek(title="Andere opleiding", programmes=[zorg])
    make_werkplek(title="Te ver weg", programmes=[ict], pc4="9711", place="Groningen")
    make_werkplek(title="Te veel uren", programmes=[ict], hours_per_week=40)

    assert send_digests() == 1
    run_worker()
    [message] = digest_mails(mailoutbox)
    assert message.subject == "3 nieuwe werkplekken voor jou" and message.to == [alert.email]
    body = message.body
    assert body.index("Nieuw in Utrecht") < body.index("Nieuw in Amersfoort"), "nearest first"
    for other in ("Al gezien", "Andere opleiding", "Te ver weg"):
        assert other not in body
    assert "Te veel uren" in body, "the alert asked no maximum of hours"
    assert alert.list_url() in body


def test_every_digest_carries_the_one_click_unsubscribe_of_rfc_8058(mailoutbox):
    alert = make_alert()
    make_werkplek()
    send_digests()
    run_worker()
    [message] = digest_mails(mailoutbox)
    parsed = email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)
    # The link as the mail has it (its signature holds the second it was made).
    header = parsed["List-Unsubscribe"].strip()
    assert header.startswith("<http") and header.endswith(">")
    link = header[1:-1]
    prefix = alert.unsubscribe_url().rsplit(":", 2)[0]
    assert link.startswith(prefix) and link in message.body
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = urlsplit(link).path
    response = Client(enforce_csrf_checks=True).post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200 and not Alert.objects.exists()


def test_an_unconfirmed_alert_gets_no_digest():
    make_alert(confirmed=False)
    make_werkplek()
    assert send_digests() == 0 and not Digest.objects.exists()


def test_no_digest_without_new_places():
    make_werkplek()
    make_alert()
    assert send_digests() == 0
    make_werkplek(pc4="9711", place="Groningen")  # new, but far away
    assert send_digests() == 0 and not Digest.objects.exists()
    assert not outbox.Mail.objects.written_by(mails.alert_digest).exists()


def test_at_most_one_digest_a_week_and_running_twice_sends_nothing_twice():
    alert = make_alert()
    first = make_werkplek(title="Eerste")
    assert send_digests() == 1
    assert send_digests() == 0, "the same day again"
    second = make_werkplek(title="Tweede")
    with later(6):
        assert send_digests() == 0, "not yet a week"
    with later(7):
        assert send_digests(timezone.now() - datetime.timedelta(hours=2)) == 1, (
            "a week later counts in days: a run a little earlier than last week's counts too"
        )
        assert send_digests() == 0
    assert [d.places for d in Digest.objects.order_by("created_at")] == [[first.pk], [second.pk]]
    alert.refresh_from_db()
    assert set(alert.known) == {first.pk, second.pk}


def test_a_place_of_an_employer_screened_later_is_news_however_old_it_is():
    from employers.models import Employer

    from .helpers import make_employer

    waiting = make_employer(status=Employer.Status.REGISTERED)
    old = make_werkplek(employer=waiting, title="Al weken oud")
    make_alert()
    assert send_digests() == 0
    waiting.refresh_from_db()
    waiting.move_to(Employer.Status.SCREENED)
    waiting.save()
    assert send_digests() == 1
    assert Digest.objects.get().places == [old.pk]


def test_a_digest_whose_places_closed_before_it_left_is_dropped(mailoutbox):
    make_alert()
    werkplek = make_werkplek()
    send_digests()
    Werkplek.objects.filter(pk=werkplek.pk).update(status=Werkplek.Status.FILLED)
    run_worker()
    assert not digest_mails(mailoutbox)
    assert outbox.Mail.objects.written_by(mails.alert_digest).get().status == "dropped"


def test_an_alert_past_its_year_gets_no_digest():
    make_alert()
    make_werkplek()
    with later(366):
        assert send_digests() == 0


def test_the_digest_finds_what_the_list_shows_for_the_same_search():
    """The bulk matching of all alerts equals matching.Search.run for each one."""
    rng = random.Random(24)
    programmes = [make_programme(name=f"Opleiding {n}") for n in range(3)]
    intakes = [make_intake(p, start_in_days=100 + 60 * n) for n, p in enumerate(programmes)]
    areas = [a for a in geo.areas().values() if a.province in ("UT", "GE", "NH")]
    for n in range(60):
        area = rng.choice(areas)
        make_werkplek(
            programmes=[rng.choice(programmes)],
            intakes=[rng.choice(intakes)] if n % 2 else [],
            hours_per_week=rng.choice([16, 24, 32, 40]),
            pc4=area.pc4,
            place=area.place,
        )
    candidates = matching.index()
    alerts = []
    for _n in range(40):
        search = matching.Search(
            programme=rng.choice([None, *[p.pk for p in programmes]]),
            province=rng.choice(["", "UT", "GE"]),
            max_hours=rng.choice([None, 24, 32]),
            month=rng.choice([None, intakes[0].start_date.replace(day=1)]),
            area=rng.choice(areas),
            radius=rng.choice(matching.DISTANCE_CHOICES_KM),
        )
        known = rng.sample([c.pk for c in candidates], 10)
        alerts.append((search, known))
    rows = [
        (n, s.area.pc4, s.radius, s.programme, s.province, s.max_hours, s.month, known)
        for n, (s, known) in enumerate(alerts)
    ]
    found = new_places(rows, candidates)
    for n, (search, known) in enumerate(alerts):
        listed = [pk for pk, _km in search.run(candidates).places if pk not in known]
        assert found.get(n, []) == listed
    assert sum(map(len, found.values())) > 40, "the searches find something"


def test_places_near_an_area_are_all_those_the_distance_finds_and_no_others():
    """Nearby measures only the places that could be near: it must miss none."""
    rng = random.Random(9)
    areas = list(geo.areas().values())
    candidates = [
        matching.Candidate(n, a.lat, a.lon, a.province, 32, frozenset(), ())
        for n, a in enumerate(rng.sample(areas, 2000))
    ]
    nearby = Nearby(candidates, max(matching.DISTANCE_CHOICES_KM))
    for area in rng.sample(areas, 60):
        for radius in matching.DISTANCE_CHOICES_KM:
            measured = sorted(
                (geo.distance_km(area.lat, area.lon, c.lat, c.lon), c.pk) for c in candidates
            )
            expected = [pk for km, pk in measured if km <= radius]
            assert [c.pk for _km, c in nearby.within(area.pc4, radius)] == expected


def test_the_digests_of_many_alerts_cost_as_many_queries_as_of_a_few():
    def queries(alerts):
        for n in range(alerts):
            make_alert(f"p{n}@example.nl")
        make_werkplek()
        matching.index()  # built once per day or edit, not per run
        with CaptureQueriesContext(connection) as captured:
            assert send_digests() == alerts
        Alert.objects.all().delete()
        return len(captured)

    assert queries(3) == queries(30)


def test_the_command_queues_the_digests_and_says_how_many():
    make_alert()
    make_werkplek()
    assert command_output("send_alert_digests").startswith("1 mails met nieuwe werkplekken")
    assert command_output("send_alert_digests").startswith("0 mails")
