"""A candidate's own page in Chromium, from the link in the confirmation mail that a real SMTP
sink received from the real worker: correct details, withdraw a consent, see an introduction
and the employer's answer, erase everything."""

import email
import email.policy
import re

import pytest

from employers.models import Introduction
from leads.models import Consent, Lead, PrivacyAudit
from tests.employers.answering import employer_page
from tests.employers.helpers import make_employer, make_werkplek
from tests.leads.helpers import run_worker
from tests.leads.smtp import accepting_smtp_server, use_smtp

from .test_journeys import fill

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def link_in(raw_messages, address, pattern=r"https?://\S+/mijn/\?t=\S+", subject=""):
    """A link in the plain text of the mail the person received (the last that fits)."""
    for raw in reversed(raw_messages):
        message = email.message_from_string(raw, policy=email.policy.default)
        if address in message["To"] and subject in message["Subject"]:
            body = message.get_body(("plain",)).get_content()
            return re.search(pattern, body).group()
    raise AssertionError("no such mail to the person")


def own_page_link(raw_messages, address):
    return link_in(raw_messages, address)


def test_from_the_confirmation_mail_correct_withdraw_see_the_employers_answer_and_erase(
    visit, personas, settings
):
    settings.SITE_URL = visit.base_url
    page = visit.page
    with accepting_smtp_server() as (port, received):
        use_smtp(settings, port)
        visit.goto("/interesse/")
        fill(page, first_name="Ronald", last_name="Brouwer", email="ronald@example.nl")
        page.locator("#id_consent_contact").check()
        page.locator("#id_consent_newsletter").check()
        page.locator("#id_consent_partners").check()
        page.get_by_role("button", name="Versturen").click()
        page.wait_for_url("**/interesse/bedankt/?verzonden=1")
        run_worker()
        link = own_page_link(received, "ronald@example.nl")
        confirm = link_in(received, "ronald@example.nl", r"https?://\S+/interesse/bevestigen/\S+")

    # Sharing with employers starts once the person confirms it, by the button the link shows.
    page.goto(confirm)
    page.get_by_role("button", name="Ja, ik bevestig dit").click()
    page.get_by_role("heading", name="Bevestigd").wait_for()

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

    # Admissions propose the person for a place; the employer answers through their link.
    employer = make_employer(name="De Vries ICT", contact_email="henk@devries.example")
    werkplek = make_werkplek(employer=employer, title="Junior developer")
    introduction, _created = Introduction.propose(Lead.objects.get(), werkplek)
    with accepting_smtp_server() as (port, received):
        use_smtp(settings, port)
        run_worker()  # the person hears they were proposed, the employer gets the details
        assert link_in(received, "ronald@example.nl") and link_in(
            received, "henk@devries.example", r"https?://\S+/werkgevers/mijn/\?t=\S+"
        )
        employer_page(employer).post(
            f"/werkgevers/mijn/kennismaking/{introduction.pk}/past-niet/",
            {"reason": "uren", "note": "We zoeken iemand voor 36 uur."},
        )
        run_worker()
        answer = link_in(received, "ronald@example.nl", subject="De Vries ICT")
    page.goto(answer)
    page.wait_for_url("**/mijn/")
    shown = page.locator(f"#kennismaking-{introduction.pk}").inner_text()
    assert "Junior developer, De Vries ICT" in shown
    assert "De werkgever laat weten dat het niet past" in shown
    assert "We zoeken iemand voor 36 uur." in shown
    assert visit.axe_violations() == []

    page.get_by_role("link", name="Bekijk wat er verdwijnt").click()
    page.wait_for_url("**/mijn/verwijderen/")
    page.get_by_role("button", name="Verwijder alles").click()
    assert "Vink aan dat je alles wilt laten verwijderen." in page.locator("main").inner_text()
    page.get_by_label(re.compile("Ja, verwijder al mijn gegevens")).check()
    page.get_by_role("button", name="Verwijder alles").click()
    page.get_by_role("heading", name="Jouw gegevens zijn verwijderd").wait_for()
    assert not Lead.objects.exists() and not Introduction.objects.exists()
    assert PrivacyAudit.objects.get().detail.endswith("via persoonlijke link")
    assert not any(cookie["name"] == "link_persoon" for cookie in page.context.cookies())
    assert visit.console_errors == [] and visit.foreign_requests() == []

    response = page.goto(link)  # Chromium notes the 410 on its console
    assert response.status == 410
    assert "Deze link werkt niet" in page.locator("main").inner_text()
