"""The employers' forms are guarded as the lead form is: by one ProtectedForm and one guard."""

import logging

import pytest
import time_machine
from django.core.exceptions import NON_FIELD_ERRORS

from employers.forms import RegistrationForm, ReplyForm
from employers.models import Employer
from leads import spam
from leads.forms import LeadForm
from leads.models import Lead
from tests.factories import make_programme
from tests.leads.helpers import VALID, submit

from .helpers import COMPANY, make_werkplek, place_fields, register, reply

pytestmark = pytest.mark.django_db


def lead_form(**fields):
    return LeadForm({**VALID, **fields})


def reply_form(**fields):
    return ReplyForm({**VALID, "plek": "general", **fields}, werkplek=make_werkplek())


def registration_form(**fields):
    return RegistrationForm({**COMPANY, **fields})


EVERY_FORM = pytest.mark.parametrize(
    "make_form", [lead_form, reply_form, registration_form], ids=["lead", "reply", "registration"]
)


@pytest.fixture
def programme():
    return make_programme(name="Engineering")


@EVERY_FORM
def test_it_takes_every_form_with_a_token_and_an_empty_honeypot(make_form):
    form = make_form(token=spam.new_token())
    assert form.is_valid(), form.errors
    assert not form.refused_as_spam()


@EVERY_FORM
@pytest.mark.parametrize("token", ["", "vals", "eyJpZCI6IjEyMyJ9:bad:signature"])
def test_it_refuses_a_missing_or_forged_token_in_every_form(make_form, token, caplog):
    with caplog.at_level(logging.WARNING, logger="leads.spam"):
        form = make_form(token=token)
        assert not form.is_valid()
    assert form.has_error("token", "token")
    assert form.top_errors == [spam.EXPIRED]
    assert form.refused_as_spam()
    assert spam.read_token(form.data["token"]) is not None, "shown again with a fresh token"
    assert "missing or forged token" in caplog.text


@EVERY_FORM
def test_it_refuses_every_form_filled_in_faster_than_a_person_can(make_form, settings):
    settings.LEADS_MIN_FILL_SECONDS = 3
    with time_machine.travel("2026-11-27 10:00:00", tick=False) as traveller:
        shown = spam.new_token()
        traveller.shift(1)
        form = make_form(token=shown)
        assert not form.is_valid()
        assert form.has_error("token", "too_fast")
        assert form.top_errors == [spam.TOO_FAST]
        assert form.refused_as_spam()
        fresh = form.data["token"]
        assert fresh != shown
        traveller.shift(5)
        assert make_form(token=fresh).is_valid(), "the form shown again can be sent"


@EVERY_FORM
def test_it_refuses_every_form_with_a_filled_honeypot_and_logs_no_personal_data(make_form, caplog):
    with caplog.at_level(logging.WARNING, logger="leads.spam"):
        form = make_form(token=spam.new_token(), website="http://spam.example")
        assert not form.is_valid()
    assert form.has_error(NON_FIELD_ERRORS, "honeypot")
    assert form.top_errors == [spam.HONEYPOT]
    assert form.refused_as_spam()
    assert "honeypot" in caplog.text
    assert "zoe@example.nl" not in caplog.text and "henk@" not in caplog.text


def test_every_form_hides_the_same_honeypot_from_people(client, programme):
    for url in ("/interesse/", "/werkgevers/aanmelden/"):
        html = client.get(url).content.decode()
        trap = html[html.index('class="lead-form__trap"') - 5 :]
        trap = trap[: trap.index("</div>")]
        assert 'aria-hidden="true"' in trap, url
        assert 'name="website"' in trap and 'tabindex="-1"' in trap, url


@pytest.mark.parametrize("token", ["", "eyJpZCI6IjEyMyJ9:bad:signature"])
def test_a_registration_with_a_missing_or_forged_token_keeps_what_was_typed(
    client, programme, token
):
    response = register(client, programme, token=token)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Het formulier was verlopen of onvolledig" in page
    assert 'value="Installatietechniek De Vries"' in page
    assert not Employer.objects.exists()


def test_a_registration_sent_too_fast_can_be_sent_again_as_it_is_shown(client, programme, settings):
    settings.LEADS_MIN_FILL_SECONDS = 3
    with time_machine.travel("2026-11-27 10:00:00", tick=False) as traveller:
        too_fast = register(client, programme)
        assert "Dat ging wel heel snel" in too_fast.content.decode()
        traveller.shift(5)
        token = too_fast.context["form"]["token"].value()
        assert register(client, programme, token=token).status_code == 302
    assert Employer.objects.count() == 1


def test_the_honeypot_of_the_registration_is_logged_as_the_employer_form(client, programme, caplog):
    with caplog.at_level(logging.WARNING, logger="leads.spam"):
        register(client, programme, website="http://spam.example")
    assert "lead refused: employer form: honeypot" in caplog.text
    assert "henk@devries-installatie.example" not in caplog.text


def test_a_registration_over_the_limit_gets_the_429_page_and_is_logged(
    client, programme, settings, caplog
):
    settings.LEADS_RATE_LIMIT = "1/h"
    assert register(client, programme).status_code == 302
    with caplog.at_level(logging.WARNING, logger="leads.spam"):
        response = register(client, programme, kvk_number="87654321")
    assert response.status_code == 429
    assert "Even geduld" in response.content.decode()
    assert "lead refused: rate limit" in caplog.text
    assert Employer.objects.count() == 1


def test_typos_in_a_registration_do_not_count_towards_the_limit(client, programme, settings):
    settings.LEADS_RATE_LIMIT = "1/h"
    for typo in ({"pc4": "0999"}, {"kvk_number": "123"}, {"employees": "400"}):
        assert register(client, programme, **typo).status_code == 200
    bad_place = [place_fields(programme, hours_per_week="8")]
    assert register(client, programme, places=bad_place).status_code == 200
    assert register(client, programme).status_code == 302


def test_registrations_refused_as_spam_count_towards_the_limit(client, programme, settings):
    settings.LEADS_RATE_LIMIT = "2/h"
    assert register(client, programme, website="http://spam.example").status_code == 200
    assert register(client, programme, token="vals").status_code == 200
    assert register(client, programme).status_code == 429
    assert not Employer.objects.exists()


def test_adding_a_place_costs_no_submit_but_waits_out_the_limit(client, programme, settings):
    settings.LEADS_RATE_LIMIT = "1/h"
    add_place = {"name": "Half ingevuld", "plek-TOTAL_FORMS": "1", "nog_een_werkplek": "1"}
    for _click in range(3):
        assert client.post("/werkgevers/aanmelden/", add_place).status_code == 200
    assert register(client, programme).status_code == 302
    assert client.post("/werkgevers/aanmelden/", add_place).status_code == 429


def test_the_lead_form_the_reply_and_the_registration_share_one_limit(client, programme, settings):
    settings.LEADS_RATE_LIMIT = "3/h"
    werkplek = make_werkplek(programmes=[programme])
    assert submit(client).status_code == 302
    assert reply(client, werkplek, email="b@example.nl").status_code == 302
    assert register(client, programme).status_code == 302
    assert submit(client, email="c@example.nl").status_code == 429
    assert reply(client, werkplek, email="d@example.nl").status_code == 429
    assert register(client, programme, kvk_number="87654321").status_code == 429
    assert Lead.objects.count() == 2
    assert Employer.objects.filter(name=COMPANY["name"]).count() == 1
