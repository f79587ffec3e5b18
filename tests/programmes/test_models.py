import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from programmes.models import Event, Intake, Programme
from tests.factories import make_event, make_intake, make_lead, make_location, make_programme

pytestmark = pytest.mark.django_db


def test_published_leaves_out_drafts():
    shown = make_programme()
    make_programme(published=False)
    assert list(Programme.objects.published()) == [shown]


def test_filtered_combines_degree_and_location():
    utrecht = make_location()
    match = make_programme(locations=[utrecht])
    make_programme(locations=[utrecht], degree=Programme.Degree.BACHELOR, ec=240, duration_years=4)
    make_programme()
    assert list(Programme.objects.filtered(degree="ad", location=utrecht)) == [match]


def test_upcoming_intakes_skip_those_already_started():
    programme = make_programme()
    make_intake(programme, start_in_days=-5)
    soon = make_intake(programme, start_in_days=10)
    later = make_intake(programme, start_in_days=200)
    assert list(Intake.objects.upcoming()) == [soon, later]
    assert programme.next_intake() == soon


def test_a_deadline_after_the_start_is_refused():
    programme = make_programme()
    intake = Intake(
        programme=programme,
        start_date=timezone.localdate(),
        application_deadline=timezone.localdate() + datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError, match="aanmelddeadline ligt na de startdatum"):
        intake.full_clean()


def test_study_and_work_days_cannot_exceed_a_week():
    programme = make_programme()
    programme.study_days, programme.work_days = 2, 4
    with pytest.raises(ValidationError, match="meer dan vijf dagen"):
        programme.full_clean()


def test_a_bachelor_must_have_240_ec():
    programme = make_programme(degree=Programme.Degree.BACHELOR, ec=240, duration_years=4)
    programme.ec = 120
    with pytest.raises(ValidationError, match="Een Bachelor heeft 240 EC"):
        programme.full_clean()


def test_a_croho_code_is_five_digits():
    programme = make_programme(croho_code="ABC")
    with pytest.raises(ValidationError, match="vijf cijfers"):
        programme.full_clean()


def test_upcoming_events_are_published_and_not_over():
    over = make_event(starts_in_days=-3)
    draft = make_event(published=False)
    coming = make_event(starts_in_days=5)
    events = list(Event.objects.published().upcoming())
    assert coming in events and over not in events and draft not in events


def test_an_online_event_needs_a_link_and_a_physical_one_a_place():
    online = make_event(kind=Event.Kind.ONLINE, place="", online_url="")
    with pytest.raises(ValidationError, match="link nodig"):
        online.full_clean()
    physical = make_event(place="")
    with pytest.raises(ValidationError, match="Vul in waar"):
        physical.full_clean()


def test_an_event_ends_after_it_starts():
    event = make_event()
    event.ends_at = event.starts_at
    with pytest.raises(ValidationError, match="eindigt na het begin"):
        event.full_clean()


def test_an_event_is_open_for_signup_until_it_ends_or_fills_up():
    assert make_event(capacity=None).is_open_for_signup()
    assert not make_event(starts_in_days=-1).is_open_for_signup(), "it has ended"
    event = make_event(capacity=1)
    assert event.is_open_for_signup()
    make_lead("eerste@example.nl", intent="event", event=event)
    assert not event.is_open_for_signup(), "its one seat is taken"


def test_the_next_event_of_its_kind_is_never_full():
    full = make_event(kind=Event.Kind.TRIAL_DAY, capacity=1, starts_in_days=10)
    make_lead("eerste@example.nl", intent="event", event=full)
    also_full = make_event(kind=Event.Kind.TRIAL_DAY, capacity=1, starts_in_days=20)
    make_lead("tweede@example.nl", intent="event", event=also_full)
    make_event(kind=Event.Kind.OPEN_DAY, starts_in_days=25)
    free = make_event(kind=Event.Kind.TRIAL_DAY, capacity=2, starts_in_days=30)
    make_lead("derde@example.nl", intent="event", event=free)
    assert full.next_of_its_kind() == free
    make_lead("vierde@example.nl", intent="event", event=free)
    assert full.next_of_its_kind() is None


def test_cards_count_the_seats_taken_with_the_events():
    event = make_event(capacity=2)
    make_lead("eerste@example.nl", intent="event", event=event)
    make_lead("eerste@example.nl", intent="event", event=event)  # the same person: one seat
    make_lead("tweede@example.nl", intent="event", event=event)
    card = Event.objects.for_cards().get(pk=event.pk)
    assert card.seats_taken() == 2 and card.is_full
    assert not Event.objects.for_cards().with_free_seats().exists()


def test_cards_count_seats_per_event_without_sorting_every_signup():
    """At 100,000 leads an event has thousands of sign-ups: joining them to a programme's
    events and grouping sorted every one (50 ms for a programme page rendered anew). Each
    event's seats are counted on their own, inside one index."""
    programme = make_programme()
    make_event(programmes=[programme], capacity=2)
    cards = Event.objects.filter(programmes=programme).for_cards()
    sql, params = cards.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = " ".join(row[0] for row in cursor.fetchall())
            assert "SubPlan" in plan and "GroupAggregate" not in plan.split("SubPlan")[0]
            return
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(row[-1] for row in cursor.fetchall())
    assert "COVERING INDEX submission_event_seat" in plan
    assert "TEMP B-TREE FOR GROUP BY" not in plan  # SQLite's words for sorting to group


@time_machine.travel(datetime.datetime(2026, 12, 5, 9, tzinfo=datetime.UTC), tick=False)
def test_demo_dates_fall_on_working_days():
    """Loaded on 5 December 2026, an evening 19 days on was 24 December, a round a Sunday."""
    import io

    from programmes import demo
    from programmes.models import EntranceTestRound

    demo.load(io.StringIO())
    for test_round in EntranceTestRound.objects.all():
        assert test_round.test_date.weekday() < 5, test_round.test_date
    for event in Event.objects.all():
        day = timezone.localtime(event.starts_at).date()
        assert (day.month, day.day) not in {(12, 24), (12, 25), (12, 26), (12, 31), (1, 1)}
        assert day.weekday() < 5 or event.kind == "open_dag", (event.slug, day)
