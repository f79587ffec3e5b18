import re

import pytest

from employers.links import Reply
from leads.models import Consent, Submission
from tests.factories import make_intake, make_programme
from tests.leads.helpers import VALID, submit

from .helpers import hidden_fields, make_employer, make_werkplek, reply

pytestmark = pytest.mark.django_db


@pytest.fixture
def ict():
    programme = make_programme(name="ICT")
    make_intake(programme, start_in_days=250)
    return programme


def test_the_lead_form_asks_for_a_postcode_and_an_employer_optionally(client, ict):
    page = client.get("/interesse/").content.decode()
    assert 'name="postcode"' in page and 'name="has_employer"' in page
    assert submit(client).status_code == 302  # both may stay empty
    assert submit(client, postcode="3511 ab", has_employer="nee", email="b@example.nl")
    submission = Submission.objects.get(email="b@example.nl")
    assert (submission.postcode, submission.has_employer) == ("3511", False)


@pytest.mark.parametrize("postcode", ["0999", "35", "Utrecht", "B-1000"])
def test_a_postcode_outside_the_netherlands_gets_a_message(client, postcode):
    response = submit(client, postcode=postcode)
    assert response.status_code == 200
    assert "Deze postcode kennen we niet" in response.content.decode()
    assert not Submission.objects.exists()


def test_the_thank_you_page_shows_fitting_places_without_contact_details(client, ict):
    employer = make_employer(name="De Vries Installatie")
    make_werkplek(employer=employer, title="Junior developer", programmes=[ict], pc4="3811")
    make_werkplek(title="Te ver weg", programmes=[ict], pc4="9711", place="Groningen")
    response = submit(
        client,
        follow=True,
        programmes=[ict.slug],
        postcode="3818",
        has_employer="nee",
        hours_per_week="32",
    )
    page = response.content.decode()
    assert "Werkplekken die bij jou passen" in page
    assert "Junior developer" in page and "De Vries Installatie" in page
    assert re.search(r"\d+ km, 32 uur, start", page)
    assert "Te ver weg" not in page
    for private in (employer.contact_name, employer.contact_email, employer.contact_phone):
        assert private not in page


def test_without_a_postcode_the_thank_you_page_asks_for_one_instead_of_offering_far_places(
    client, ict
):
    make_werkplek(title="Junior developer", programmes=[ict], pc4="9711", place="Groningen")
    response = submit(client, follow=True, programmes=[ict.slug], has_employer="nee")
    page = response.content.decode()
    assert "Werkplekken die bij jou passen" in page
    assert "Junior developer" not in page
    assert "Met jouw postcode zie je welke werkplekken bij jou in de buurt liggen" in page
    assert 'href="/werkplekken/#id_postcode"' in page


def test_who_has_an_employer_sees_no_places(client, ict):
    make_werkplek(title="Junior developer", programmes=[ict])
    page = submit(client, follow=True, postcode="3511", has_employer="ja").content.decode()
    assert "Bedankt" in page and "Junior developer" not in page


def test_replying_stores_the_place_and_asks_a_consent_of_its_own(client, ict, mailoutbox):
    werkplek = make_werkplek(title="Junior developer", programmes=[ict])
    page = client.get(werkplek.get_absolute_url() + "reageren/").content.decode()
    assert "Reageren op Junior developer" in page
    assert "met de werkgever van deze werkplek" in page
    assert 'name="intent"' not in page
    response = reply(client, werkplek, consent_employer="on", postcode="3511")
    assert response.status_code == 302 and response["Location"] == "/interesse/bedankt/?verzonden=1"
    submission = Submission.objects.get()
    assert submission.intent == Submission.Intent.WERKPLEK
    assert Reply.objects.get().werkplek == werkplek
    consent = submission.consents.get(purpose=Consent.Purpose.EMPLOYER)
    assert consent.given and not consent.in_effect  # waits for the link in the mail


def test_a_reply_without_sharing_consent_is_kept_without_it(client, ict):
    werkplek = make_werkplek(programmes=[ict])
    assert reply(client, werkplek).status_code == 302
    consent = Submission.objects.get().consents.get(purpose=Consent.Purpose.EMPLOYER)
    assert not consent.given


def test_a_reply_to_a_place_that_closed_meanwhile_is_not_found(client, ict):
    werkplek = make_werkplek(programmes=[ict])
    url = werkplek.get_absolute_url() + "reageren/"
    page = client.get(url).content.decode()
    werkplek.status = werkplek.Status.CLOSED
    werkplek.save()
    data = {**hidden_fields(page, url), **VALID}
    assert client.post(url, data).status_code == 404
    assert not Submission.objects.exists()


def test_a_reply_with_an_error_is_shown_again_on_the_place(client, ict):
    werkplek = make_werkplek(title="Junior developer", programmes=[ict])
    response = reply(client, werkplek, email="fout")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Dit e-mailadres klopt niet" in page and "Reageren op Junior developer" in page
    assert not Submission.objects.exists()


def test_an_unscreened_employers_place_takes_no_replies(client, ict):
    hidden = make_werkplek(employer=make_employer(status="aangemeld"), programmes=[ict])
    assert client.get(hidden.get_absolute_url() + "reageren/").status_code == 404
