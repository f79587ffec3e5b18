"""Newsletter and sharing need the mailbox owner's confirmation; one click withdraws it all."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from leads.models import Consent, Submission
from tests.leads.helpers import VALID, form_fields, run_worker, submit

pytestmark = pytest.mark.django_db
CONFIRM = re.compile(r"http://127\.0\.0\.1:8000(/interesse/bevestigen/[^/\s]+/)")
WITHDRAW = re.compile(r"http://127\.0\.0\.1:8000(/interesse/intrekken/[^/\s]+/)")


def confirmation_mail(client, **fields):
    submit(client, **fields)
    run_worker()
    return mail.outbox[-1]


def in_effect():
    return set(Consent.objects.in_effect().values_list("purpose", flat=True))


def test_newsletter_and_sharing_wait_for_the_owner_of_the_address(client, personas):
    message = confirmation_mail(client, consent_newsletter="on", consent_partners="on")
    assert in_effect() == {"contact"}
    link = CONFIRM.search(message.body).group(1)

    page = Client().get(link)  # a mail scanner following the link confirms nothing
    assert "Ja, ik bevestig dit" in page.content.decode()
    assert in_effect() == {"contact"}

    confirmer = Client(enforce_csrf_checks=True)
    page = confirmer.get(link)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    confirmed = confirmer.post(link, {"csrfmiddlewaretoken": token.group(1)})
    assert "Bevestigd" in confirmed.content.decode()
    assert in_effect() == {"contact", "newsletter", "partners"}
    assert {c.privacy_version for c in Consent.objects.all()} == {"2026-11"}


def test_a_mail_without_such_consents_asks_nothing(client, personas):
    message = confirmation_mail(client)
    assert not CONFIRM.search(message.body)


def test_every_mail_carries_a_one_click_withdrawal(client, personas):
    message = confirmation_mail(client, consent_newsletter="on")
    link = WITHDRAW.search(message.body).group(1)
    assert message.extra_headers["List-Unsubscribe"].endswith(f"{link}>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in message.alternatives[0][0]

    Submission.objects.get().confirm_consents()
    assert in_effect() == {"contact", "newsletter"}
    mail_program = Client(enforce_csrf_checks=True)  # RFC 8058: a POST without our form
    response = mail_program.post(link, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "Toestemming ingetrokken" in response.content.decode()
    assert in_effect() == set()


def test_a_forged_or_expired_link_gets_a_dutch_page(client, personas):
    message = confirmation_mail(client, consent_partners="on")
    link = CONFIRM.search(message.body).group(1)
    for bad in ("/interesse/bevestigen/vals/", "/interesse/intrekken/vals/"):
        response = client.get(bad)
        assert response.status_code == 400
        assert "Deze link werkt niet" in response.content.decode()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=91)):
        assert client.get(link).status_code == 400


def test_the_same_form_sent_again_with_corrections_is_kept_as_a_correction(client, personas):
    data = {**form_fields(client.get("/interesse/").content.decode()), **VALID}
    client.post("/interesse/", data)
    client.post("/interesse/", data)  # a double click: nothing new
    corrected = {**data, "last_name": "’t Hooft", "email": "ZOE@example.nl"}  # typos corrected
    assert client.post("/interesse/", corrected).status_code == 302
    first, correction = Submission.objects.order_by("created_at")
    assert correction.corrects == first
    assert correction.last_name == "’t Hooft" and correction.lead == first.lead
    run_worker()
    assert [m.to[0] for m in mail.outbox] == ["zoe@example.nl", "ZOE@example.nl"]


def test_the_same_form_sent_again_for_another_person_gets_a_form_of_its_own(client, personas):
    """One form makes one person: a second address needs a new form, with its own fill time,
    so that one token cannot mail a list of addresses."""
    data = {**form_fields(client.get("/interesse/").content.decode()), **VALID}
    client.post("/interesse/", data)
    response = client.post("/interesse/", {**data, "email": "zoe.echt@example.nl"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Dit formulier is al verstuurd, met andere gegevens" in page
    assert 'value="zoe.echt@example.nl"' in page
    assert Submission.objects.count() == 1
    fresh = form_fields(page)["token"]
    assert fresh != data["token"]
    again = {**data, "email": "zoe.echt@example.nl", "token": fresh}
    assert client.post("/interesse/", again).status_code == 302
    run_worker()
    assert sorted(m.to[0] for m in mail.outbox) == ["zoe.echt@example.nl", "zoe@example.nl"]


def test_admissions_see_which_consents_wait_for_confirmation(client, personas, superuser):
    submit(client, consent_newsletter="on")
    lead = Submission.objects.get().lead
    page = superuser.get(f"/admin/leads/lead/{lead.pk}/change/").content.decode()
    assert "wacht op bevestiging per mail" in page


def test_opening_the_withdrawal_link_only_asks_and_the_button_withdraws(client, personas):
    """A mail scanner opens every link before the person does: GET and HEAD change nothing."""
    message = confirmation_mail(client, consent_newsletter="on")
    link = WITHDRAW.search(message.body).group(1)
    Submission.objects.get().confirm_consents()
    scanner = Client()
    assert scanner.head(link).status_code == 200
    page = scanner.get(link)
    assert page.status_code == 200
    assert "Ja, trek mijn toestemming in" in page.content.decode()
    assert in_effect() == {"contact", "newsletter"}

    person = Client(enforce_csrf_checks=True)
    shown = person.get(link).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', shown).group(1)
    response = person.post(link, {"csrfmiddlewaretoken": token})
    assert "Toestemming ingetrokken" in response.content.decode()
    assert in_effect() == set()
