"""The journey of "Kan ik starten?": persona page, the check, dates and calendar, lead form."""

from pathlib import Path

import icalendar
import pytest

from tests.browser.admission import make_programme_to_start

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_persona_page_to_check_to_calendar_to_lead_form_with_answers_preset(visit, personas):
    programme = make_programme_to_start(slug="ad-ondernemen-check")
    page = visit.page
    visit.goto("/voor/doorstromer/")
    page.get_by_role("link", name="Kan ik starten?").first.click()
    page.wait_for_url("**/kan-ik-starten/")
    page.get_by_label("De opleiding die je wilt doen").select_option(programme.slug)
    page.get_by_label("Mbo niveau 4").check()
    page.locator("#id_age").fill("20")
    page.locator("#id_hours").fill("32")
    page.locator("#id_mkb_0").check()
    page.get_by_role("button", name="Bekijk of ik kan starten").click()
    page.wait_for_url("**/kan-ik-starten/?stap=antwoord*")
    main = page.locator("main").inner_text()
    assert "staat de gewone instroom voor jou open" in main
    assert "Start van de opleiding" in main and "Wettelijk collegegeld" in main
    dates = page.locator("ol.check-dates li").count()
    assert dates >= 2
    assert visit.axe_violations() == []

    with page.expect_download() as download:
        page.get_by_role("link", name="Zet de datums in mijn agenda (.ics)").click()
    calendar = icalendar.Calendar.from_ical(Path(download.value.path()).read_bytes())
    assert len(calendar.walk("VEVENT")) == dates

    page.get_by_role("link", name="Ik wil starten: neem contact met mij op").click()
    page.wait_for_url("**/interesse/?*")
    assert page.locator("input[name=intent][value=can_i_start]").is_checked()
    assert page.locator("#id_education").input_value() == "mbo4"
    assert page.locator("#id_hours_per_week").input_value() == "32"
    assert page.locator("#id_employer_is_mkb").input_value() == "ja"
    assert page.locator("input[name=programmes][value=ad-ondernemen-check]").is_checked()
    assert visit.console_errors == [] and visit.foreign_requests() == []
