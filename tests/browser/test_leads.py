import pytest

from leads.models import Submission

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tab_to(page, selector, limit=80):
    """Press Tab until the element matching selector has the focus, as a keyboard user does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with Tab")


def test_the_lead_form_works_by_keyboard_and_passes_axe_with_errors(visit, personas):
    page = visit.page
    visit.goto("/voor/zij-instromer/")
    for selector, text in (
        ("#id_first_name", "Åsa"),
        ("#id_last_name", "Ødegård"),
        ("#id_email", "asa@example.nl"),
    ):
        tab_to(page, selector)
        page.keyboard.type(text)
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector("#formulier-fouten")
    assert "Zonder deze toestemming" in page.locator("#formulier-fouten").inner_text()
    assert visit.axe_violations() == [], "the form with its errors"
    assert page.locator("#id_consent_contact").get_attribute("aria-invalid") == "true"
    assert page.locator("#id_first_name").input_value() == "Åsa", "nothing typed is lost"

    page.locator("#formulier-fouten a").first.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#id_consent_contact"
    tab_to(page, "#id_consent_contact")
    page.keyboard.press("Space")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/interesse/bedankt/?verzonden=1")
    assert "werkenden die leren" in page.locator("main").inner_text()
    assert visit.axe_violations() == [], "the thank-you page"
    assert Submission.objects.get().lead.last_name == "Ødegård"
    assert visit.foreign_requests() == []


def test_the_honeypot_cannot_be_reached_with_the_keyboard(visit, personas):
    visit.goto("/interesse/")
    page = visit.page
    for _ in range(60):
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.name") != "website"
