"""On /mijn/ a person withdraws a consent, one purpose at a time, and cancels an event
sign-up, which frees its seat for someone else."""

import datetime
import re

import pytest

from leads.models import Consent, EventFull, Submission
from programmes.models import Event
from tests.factories import make_event, make_lead

from .own_page import act, opened, shown_message

pytestmark = pytest.mark.django_db


def consents_of(lead):
    """{(submission, purpose): in effect} for each of the person's answers."""
    answers = Consent.objects.filter(submission__lead=lead)
    return {(c.submission_id, c.purpose): c.in_effect for c in answers}


def confirmed_lead(submits=2, email="kim@example.nl"):
    for _ in range(submits):
        lead = make_lead(email)
    Consent.objects.filter(submission__lead=lead).update(
        confirmed_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    )
    return lead


def withdraw(client, consent):
    return act(client, f"/mijn/toestemming/{consent.pk}/intrekken/")


def test_withdrawing_sharing_with_employers_ends_it_and_nothing_else():
    lead = confirmed_lead()
    first, second = lead.submissions.order_by("pk")
    client = opened(lead)
    assert withdraw(client, first.consents.get(purpose="partners")).status_code == 302
    assert shown_message(client) == (
        "Jouw toestemming “Gegevens delen met mkb-werkgevers” is ingetrokken."
    )
    assert consents_of(lead) == {
        (first.pk, "contact"): True,
        (first.pk, "newsletter"): False,  # never given
        (first.pk, "partners"): False,
        (second.pk, "contact"): True,
        (second.pk, "newsletter"): False,
        (second.pk, "partners"): False,  # sharing is about the person, not one submit
    }
    [entry] = lead.history.all()
    assert (entry.what, entry.via_link) == (
        "Toestemming ingetrokken: Gegevens delen met mkb-werkgevers",
        True,
    )


def test_withdrawing_contact_about_one_request_leaves_the_other():
    lead = confirmed_lead()
    first, second = lead.submissions.order_by("pk")
    withdraw(opened(lead), first.consents.get(purpose="contact"))
    in_effect = consents_of(lead)
    assert not in_effect[(first.pk, "contact")] and in_effect[(second.pk, "contact")]
    assert in_effect[(first.pk, "partners")], "another purpose stays"


def test_each_consent_in_effect_has_its_own_button_and_a_no_has_none():
    lead = confirmed_lead(submits=1)
    html = opened(lead).get("/mijn/").content.decode()
    buttons = re.findall(r'action="/mijn/toestemming/(\d+)/intrekken/"', html)
    given = Consent.objects.filter(submission__lead=lead, given=True)
    assert sorted(map(int, buttons)) == sorted(given.values_list("pk", flat=True))


def test_someone_elses_consent_is_not_found_and_ones_own_twice_is_told():
    other = confirmed_lead(submits=1)
    lead = confirmed_lead(submits=1, email="iemand@example.nl")
    client = opened(lead)
    response = withdraw(client, other.submissions.get().consents.get(purpose="contact"))
    assert response.status_code == 404 and "Pagina niet gevonden" in response.content.decode()
    assert all(consents_of(other)[key] for key in consents_of(other) if key[1] != "newsletter")
    own = lead.submissions.get().consents.get(purpose="contact")
    for _ in range(2):  # a double click
        assert withdraw(client, own).status_code == 302
    assert shown_message(client) == "Deze toestemming was al ingetrokken."


def sign_up(email, event):
    return make_lead(email, event=event, intent="event")


def test_cancelling_a_sign_up_frees_the_seat_for_someone_else(admissions):
    event = make_event(capacity=1, title="Open dag Utrecht")
    lead = sign_up("kim@example.nl", event)
    assert event.is_full and not Event.objects.for_cards().with_free_seats().exists()
    with pytest.raises(EventFull):
        sign_up("ander@example.nl", event)

    client = opened(lead)
    signup = lead.submissions.get()
    assert act(client, f"/mijn/aanmelding/{signup.pk}/annuleren/").status_code == 302
    assert "aanmelding voor Open dag Utrecht" in shown_message(client)

    assert not event.is_full and Event.objects.for_cards().with_free_seats().exists()
    sign_up("ander@example.nl", event)
    assert event.is_full
    signup.refresh_from_db()
    assert signup.cancelled_at is not None
    assert lead.history.get().what.startswith("Aanmelding geannuleerd: Open dag Utrecht")
    page = admissions.get(f"/admin/leads/lead/{lead.pk}/change/").content.decode()
    assert re.search(r"<label>Aanmelding geannuleerd:</label>\s*<div class=\"readonly\">\d", page)
    assert "geannuleerd op" in client.get("/mijn/").content.decode()


def test_signing_up_again_after_cancelling_takes_a_seat_again():
    event = make_event(capacity=1)
    lead = sign_up("kim@example.nl", event)
    act(opened(lead), f"/mijn/aanmelding/{lead.submissions.get().pk}/annuleren/")
    sign_up("kim@example.nl", event)
    assert event.is_full
    with pytest.raises(EventFull):
        sign_up("ander@example.nl", event)


def test_a_past_event_or_someone_elses_sign_up_cannot_be_cancelled():
    past = make_event(starts_in_days=-3)
    lead = sign_up("kim@example.nl", past)
    other = sign_up("ander@example.nl", make_event())
    client = opened(lead)
    act(client, f"/mijn/aanmelding/{lead.submissions.get().pk}/annuleren/")
    assert shown_message(client) == "Deze aanmelding kan niet (meer) worden geannuleerd."
    response = act(client, f"/mijn/aanmelding/{other.submissions.get().pk}/annuleren/")
    assert response.status_code == 404, "someone else's is not found"
    assert not Submission.objects.exclude(cancelled_at=None).exists()
    assert "Aanmelding annuleren" not in client.get("/mijn/").content.decode()
