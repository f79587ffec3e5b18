"""The thank-you page and the confirmation mail follow what the person answered."""

import pytest
from django.core import mail

from tests.employers.helpers import make_employer, make_werkplek, reply
from tests.factories import make_intake, make_programme
from tests.leads.helpers import run_worker, submit

pytestmark = pytest.mark.django_db
FINDING_ONE = "hoe je een mkb-werkgever vindt"
THANKS = "/interesse/bedankt/?verzonden=1"


@pytest.fixture
def ict():
    programme = make_programme(name="ICT")
    make_intake(programme, start_in_days=250)
    return programme


@pytest.fixture
def werkplek(ict):
    employer = make_employer(name="De Vries ICT")
    return make_werkplek(employer=employer, title="Junior developer", programmes=[ict])


def confirmation():
    run_worker()
    [message] = [m for m in mail.outbox if m.to == ["zoe@example.nl"]]
    return message


def test_someone_with_an_employer_is_not_told_how_to_find_one(client, ict, werkplek):
    response = submit(client, follow=True, postcode="3511", has_employer="ja")
    page = response.content.decode()
    assert "overeenkomst met z’n drieën" in page
    assert FINDING_ONE not in page
    assert "Werkplekken die bij jou passen" not in page and "Junior developer" not in page
    body = confirmation().body
    assert "of jouw werk bij jouw mkb-werkgever bij de opleiding past" in body
    assert FINDING_ONE not in body


def test_someone_without_an_employer_hears_how_to_find_one(client, ict):
    page = submit(client, follow=True, postcode="3511", has_employer="nee").content.decode()
    assert FINDING_ONE in page and "Werkplekken die bij jou passen" in page
    assert FINDING_ONE in confirmation().body


def test_a_reply_to_a_werkplek_names_it_on_the_page_and_in_the_mail(client, ict, werkplek):
    other = make_werkplek(title="Servicedesk", programmes=[ict], pc4=werkplek.pc4)
    reply(client, werkplek, postcode=werkplek.pc4, has_employer="nee")
    page = client.get(THANKS).content.decode()
    named = f'reageerde op de werkplek <a href="{werkplek.get_absolute_url()}">Junior developer</a>'
    assert f"{named} bij De Vries ICT" in page
    assert "of deze werkplek bij jou past" in page
    # The other places that fit, not the one replied to again.
    assert page.count("Junior developer") == 1 and other.title in page
    message = confirmation()
    assert message.subject == "Jouw reactie op de werkplek Junior developer"
    assert "reactie op de werkplek Junior developer bij De Vries ICT" in message.body
    html = message.alternatives[0].content
    assert "reactie op de werkplek Junior developer bij De Vries ICT" in html


def test_a_reply_is_not_told_that_nothing_fits_besides_the_place_it_chose(client, werkplek):
    reply(client, werkplek, postcode=werkplek.pc4, has_employer="nee")
    page = client.get(THANKS).content.decode()
    assert "Junior developer" in page and "We vonden nu geen werkplek" not in page


def test_the_mail_names_only_the_consents_that_were_given(client, ict):
    submit(client, consent_newsletter="on")
    body = confirmation().body
    assert "toestemming voor:\n- Nieuwsbrief\nDie toestemming gaat pas in" in body
    assert "mkb-werkgevers" not in body.split("toestemming voor:")[1].split("http")[0]


def test_a_reply_with_sharing_consent_names_that_consent(client, ict, werkplek):
    reply(client, werkplek, consent_employer="on", consent_partners="on")
    body = confirmation().body
    given = "- Gegevens delen met mkb-werkgevers\n- Gegevens delen met de werkgever van de"
    assert given in body and "Nieuwsbrief" not in body
    assert "Die toestemmingen gaan pas in" in body


def test_without_a_consent_to_confirm_the_mail_asks_for_none(client, ict):
    submit(client)
    body = confirmation().body
    assert "toestemming voor" not in body and "/interesse/bevestigen/" not in body
