import io

import pytest
from django.core import mail
from django.core.management import call_command

from leads.models import Lead, Submission
from tests.leads.helpers import submit

pytestmark = pytest.mark.django_db


def test_a_mail_server_that_is_down_loses_no_lead_and_shows_no_error(client, personas,
                                                                     mail_server_down):  # fmt: skip
    response = submit(client, follow=True)
    assert response.status_code == 200
    assert "Bedankt" in response.content.decode()
    submission = Submission.objects.get()
    assert submission.mail_status == "failed"
    assert "ConnectionRefusedError" in submission.mail_error
    assert Lead.objects.count() == 1


def test_leads_resend_sends_what_failed_and_only_that(client, personas, mail_server_down,
                                                      settings):  # fmt: skip
    submit(client, email="eerste@example.nl")
    submit(client, email="tweede@example.nl")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    submit(client, email="derde@example.nl")
    assert [m.to for m in mail.outbox] == [["derde@example.nl"]]

    output = io.StringIO()
    call_command("leads_resend", stdout=output)
    assert "2 van 2 bevestigingen verstuurd" in output.getvalue()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "derde@example.nl", "eerste@example.nl", "tweede@example.nl"]  # fmt: skip
    assert not Submission.objects.filter(mail_status="failed").exists()

    call_command("leads_resend", stdout=io.StringIO())
    assert len(mail.outbox) == 3, "nothing is sent twice"


def test_a_resend_that_fails_again_keeps_it_marked(client, personas, mail_server_down):
    submit(client)
    output = io.StringIO()
    call_command("leads_resend", stdout=output)
    assert "0 van 1 bevestigingen verstuurd, 1 mislukt" in output.getvalue()
    assert Submission.objects.get().mail_status == "failed"
