import logging

import pytest
import time_machine

from leads import spam
from leads.models import Lead, Submission
from programmes.models import Event
from tests.factories import make_event
from tests.leads.helpers import VALID, form_fields, submit

pytestmark = pytest.mark.django_db


def test_the_honeypot_refuses_politely_stores_nothing_and_logs(client, personas, caplog):
    with caplog.at_level(logging.WARNING, logger="leads.spam"):
        response = submit(client, website="http://spam.example")
    assert response.status_code == 200
    assert "kon niet worden verstuurd" in response.content.decode()
    assert not Lead.objects.exists()
    assert "lead refused: honeypot" in caplog.text
    assert "zoe@example.nl" not in caplog.text


def test_the_honeypot_is_hidden_from_screen_readers_and_the_keyboard(client, personas):
    html = client.get("/interesse/").content.decode()
    trap = html[html.index('class="lead-form__trap"') - 5 :]
    trap = trap[: trap.index("</div>")]
    assert 'aria-hidden="true"' in trap
    assert 'tabindex="-1"' in trap and 'autocomplete="off"' in trap


def test_a_form_sent_faster_than_a_person_can_is_refused(client, personas, settings):
    settings.LEADS_MIN_FILL_SECONDS = 3
    with time_machine.travel("2026-11-27 10:00:00", tick=False) as traveller:
        page = client.get("/interesse/").content.decode()
        data = {**form_fields(page), **VALID}
        traveller.shift(1)
        too_fast = client.post("/interesse/", data)
        assert "Dat ging wel heel snel" in too_fast.content.decode()
        assert not Lead.objects.exists()
        traveller.shift(5)
        retry = {**data, **form_fields(too_fast.content.decode())}
        assert client.post("/interesse/", retry).status_code == 302
    assert Lead.objects.count() == 1


@pytest.mark.parametrize("token", ["", "forged", "eyJpZCI6IjEyMyJ9:bad:signature"])
def test_a_missing_or_forged_token_gets_the_form_back_with_a_message(client, personas, token):
    page = client.get("/interesse/").content.decode()
    data = {**form_fields(page), **VALID, "token": token}
    response = client.post("/interesse/", data)
    assert response.status_code == 200
    assert "Het formulier was verlopen of onvolledig" in response.content.decode()
    assert 'value="Zoë"' in response.content.decode(), "what they typed is kept"
    assert not Lead.objects.exists()


def test_an_expired_token_is_refused(client, personas):
    with time_machine.travel("2026-11-27 10:00:00", tick=False) as traveller:
        data = {**form_fields(client.get("/interesse/").content.decode()), **VALID}
        traveller.shift(25 * 3600)
        assert "verlopen" in client.post("/interesse/", data).content.decode()


@pytest.mark.parametrize(
    "hidden",
    [
        {"persona": "bestaat-niet"},
        {"plek": "overal"},
        {"plek": "event"},
        {"activiteit": "geen-idee"},
        {"opleiding": "x" * 3000},
    ],
)
def test_forged_hidden_fields_get_the_form_back_never_a_500(client, personas, hidden):
    response = submit(client, **hidden)
    assert response.status_code == 200
    assert "Er ging iets mis met het formulier" in response.content.decode()
    assert not Lead.objects.exists()


def test_a_form_refused_for_a_stale_event_can_be_sent_again_as_a_general_question(
    client, personas, caplog
):
    event = make_event(capacity=10)
    data = {**form_fields(client.get(event.get_absolute_url()).content.decode()), **VALID}
    Event.objects.filter(pk=event.pk).update(published=False)
    with caplog.at_level(logging.WARNING, logger="leads.spam"):
        refused = client.post("/interesse/", data).content.decode()
    assert "Er ging iets mis met het formulier" in refused
    assert "lead refused: forged hidden field" in caplog.text
    again = {**VALID, **form_fields(refused)}
    assert again["token"] != data["token"] and "activiteit" not in again
    assert client.post("/interesse/", again).status_code == 302
    assert Submission.objects.get().event is None


def test_a_link_with_presets_that_name_nothing_shows_the_general_form(client, personas):
    html = client.get("/interesse/?plek=event&activiteit=geen-idee&persona=%00x").content.decode()
    fields = form_fields(html)
    assert fields["plek"] == "general"
    assert "persona" not in fields and "activiteit" not in fields
    assert 'name="intent"' in html


def test_the_rate_limit_refuses_an_address_after_its_limit(client, personas, settings, caplog):
    settings.LEADS_RATE_LIMIT = "3/h"
    for n in range(3):
        assert submit(client, email=f"persoon{n}@example.nl").status_code == 302
    with caplog.at_level(logging.WARNING, logger="leads.spam"):
        response = submit(client, email="nummer4@example.nl")
    assert response.status_code == 429
    assert "Even geduld" in response.content.decode()
    assert Lead.objects.count() == 3
    assert "lead refused: rate limit" in caplog.text


def test_the_rate_limit_counts_per_address_behind_a_proxy(client, personas, settings):
    settings.LEADS_RATE_LIMIT = "1/h"
    settings.BEHIND_PROXY = True
    first = submit_as(client, "203.0.113.1", "b@example.nl")
    second = submit_as(client, "203.0.113.2", "c@example.nl")
    again = submit_as(client, "203.0.113.1", "d@example.nl")
    assert (first, second, again) == (302, 302, 429)


def submit_as(client, address, email):
    page = client.get("/interesse/").content.decode()
    data = {**form_fields(page), **VALID, "email": email}
    # A client may claim any address; our proxy appends the one it saw, which is what counts.
    forwarded = f"10.0.0.66, {address}"
    return client.post("/interesse/", data, HTTP_X_FORWARDED_FOR=forwarded).status_code


def test_rate_parsing_refuses_nonsense():
    assert spam.parse_rate("10/h") == (10, 3600)
    assert spam.parse_rate("10000/m") == (10000, 60)
    for bad in ("10", "x/h", "0/h", "10/w"):
        with pytest.raises(ValueError):
            spam.parse_rate(bad)


def test_the_rate_limit_is_counted_in_redis_when_there_is_one(
    client, personas, settings, redis_tally
):
    settings.LEADS_RATE_LIMIT = "2/h"
    assert submit(client, email="a@example.nl").status_code == 302
    assert submit(client, email="b@example.nl").status_code == 302
    assert submit(client, email="c@example.nl").status_code == 429
    keys = list(redis_tally.client.scan_iter(f"{redis_tally.prefix}:c:leads-rate*"))
    assert keys, "the counter lives in Redis"


def test_a_honeypot_filled_with_a_line_break_is_refused_as_the_honeypot(client, personas, caplog):
    page = client.get("/interesse/").content.decode()
    data = {**form_fields(page), **VALID, "website": "http://spam.example\r\nBcc: x"}
    response = client.post("/interesse/", data)
    assert "Dit bericht kon niet worden verstuurd" in response.content.decode()
    assert "lead refused: honeypot" in caplog.text
    assert not Submission.objects.exists()
