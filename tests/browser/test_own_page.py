"""A candidate's own page in Chromium, from the link in the confirmation mail that a real SMTP
sink received from the real worker: correct details, withdraw a consent, erase everything."""

import email
import email.policy
import re

import pytest

from leads.models import Consent, Lead, PrivacyAudit
from tests.leads.helpers import run_worker
from tests.leads.smtp import accepting_smtp_server, use_smtp

from .test_journeys import fill

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def own_page_link(raw_messages, address):
    """The link to /mijn/ in the plain text of the mail the person received."""
    for raw in raw_messages:
        message = email.message_from_string(raw, policy=email.policy.default)
        if address in message["To"]:
            body = message.get_body(("plain",)).get_content()
            return re.search(r"https?://\S+/mijn/\?t=\S+", body).group()
    raise AssertionError("no mail to the person")


def test_from_the_confirmation_mail_correct_withdraw_a_consent_and_erase(visit, personas, settings):
    settings.SITE_URL = visit.base_url
    page = visit.page
    with accepting_smtp_server() as (port, received):
        use_smtp(settings, port)
        visit.goto("/interesse/")
        fill(page, first_name="Ronald", last_name="Brouwer", email="ronald@example.nl")
        page.locator("#id_consent_contact").check()
        page.locator("#id_consent_newsletter").check()
        page.get_by_role("button", name="Versturen").click()
        page.wait_for_url("**/interesse/bedankt/?verzonden=1")
        run_worker()
        link = own_page_link(received, "ronald@example.nl")

    page.goto(link)
    page.wait_for_url("**/mijn/")
    assert "?t=" not in page.url, "the token leaves the address bar"
    assert "Ronald Brouwer" in page.locator("main").inner_text()
    assert visit.axe_violations() == []

    page.get_by_text("Gegevens aanpassen").click()
    fill(page, phone="06 12345678", postcode="3511")
    page.get_by_role("button", name="Wijzigingen opslaan").click()
    page.wait_for_url("**/mijn/")
    assert page.get_by_role("status").inner_text() == "Jouw gegevens zijn bijgewerkt."
    assert "Telefoon ingevuld" in page.locator("main").inner_text()

    page.get_by_role("button", name=re.compile(r"^Intrekken\s*: Nieuwsbrief")).click()
    page.wait_for_url("**/mijn/")
    assert "Nieuwsbrief" in page.get_by_role("status").inner_text()
    assert not Consent.objects.filter(purpose="newsletter", withdrawn_at=None).exists()

    page.get_by_role("link", name="Bekijk wat er verdwijnt").click()
    page.wait_for_url("**/mijn/verwijderen/")
    page.get_by_role("button", name="Verwijder alles").click()
    assert "Vink aan dat je alles wilt laten verwijderen." in page.locator("main").inner_text()
    page.get_by_label(re.compile("Ja, verwijder al mijn gegevens")).check()
    page.get_by_role("button", name="Verwijder alles").click()
    page.get_by_role("heading", name="Jouw gegevens zijn verwijderd").wait_for()
    assert not Lead.objects.exists()
    assert PrivacyAudit.objects.get().detail.endswith("via persoonlijke link")
    assert not any(cookie["name"] == "link_persoon" for cookie in page.context.cookies())
    assert visit.console_errors == [] and visit.foreign_requests() == []

    response = page.goto(link)  # Chromium notes the 410 on its console
    assert response.status == 410
    assert "Deze link werkt niet" in page.locator("main").inner_text()
