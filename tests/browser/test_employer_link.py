"""An employer keeps its places true itself, in Chromium: from the link in the registration
confirmation to editing, closing and copying a place."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail

from employers.models import Employer, Werkplek
from tests.leads.helpers import run_worker

from .test_journeys import fill

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_employer_opens_the_link_from_the_confirmation_then_edits_closes_and_copies(
    visit, personas
):
    programme = personas["student"].programmes.get()
    page = visit.page

    # 1. The employer registers; the contact person's confirmation carries the link.
    visit.goto("/werkgevers/aanmelden/")
    fill(
        page,
        name="Installatietechniek De Vries",
        kvk_number="12345678",
        employees="12",
        place="Utrecht",
        pc4="3511",
        contact_name="Henk de Vries",
        contact_email="henk@devries.example",
    )
    page.locator("#id_sector").select_option("techniek")
    page.locator("#id_plek-0-title").fill("Servicemonteur in opleiding")
    page.get_by_label(programme.name).check()
    page.locator("#id_plek-0-hours_per_week").fill("32")
    page.locator("#id_plek-0-description").fill("U leert storingen zoeken bij klanten.")
    page.locator("#id_consent").check()
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url("**/werkgevers/aanmelden/bedankt/")
    Employer.objects.update(status=Employer.Status.SCREENED)  # admissions screened it
    run_worker()
    confirmation = next(m for m in mail.outbox if m.to == ["henk@devries.example"])
    link = re.search(r"https?://\S+/werkgevers/mijn/\?t=\S+", confirmation.body).group(0)

    # 2. The link opens the page, and the token leaves the address bar.
    address = urlsplit(link)
    visit.goto(f"{address.path}?{address.query}")
    assert page.url == visit.base_url + "/werkgevers/mijn/"
    assert "Werkplekken van Installatietechniek De Vries" in page.locator("h1").inner_text()
    assert visit.axe_violations() == []

    # 3. Edit: the title goes live at once, the hours wait for admissions' check.
    page.get_by_role("link", name="Wijzigen Servicemonteur in opleiding").click()
    page.wait_for_url("**/werkgevers/mijn/plek/*/")
    page.locator("#id_title").fill("Servicemonteur installatietechniek")
    page.locator("#id_salary_min").fill("2400")
    page.locator("#id_hours_per_week").fill("36")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url("**/werkgevers/mijn/")
    main = page.locator("main").inner_text()
    assert "wacht op controle door toelating" in main
    assert "Uren per week: 32 → 36" in main
    visit.goto("/werkplekken/")
    assert "Servicemonteur installatietechniek" in page.locator("main").inner_text()

    # 4. Close it as filled: it leaves the site.
    visit.goto("/werkgevers/mijn/")
    page.get_by_label("Sluiten als").select_option("vervuld")
    page.get_by_role("button", name="Sluiten Servicemonteur installatietechniek").click()
    page.wait_for_url("**/werkgevers/mijn/")
    assert "is gesloten (vervuld)" in page.locator("main").inner_text()
    visit.goto("/werkplekken/")
    assert "Servicemonteur installatietechniek" not in page.locator("main").inner_text()

    # 5. Copy it for the next intake: the copy waits for admissions' check.
    visit.goto("/werkgevers/mijn/")
    page.get_by_role(
        "button", name="Kopiëren voor de volgende instroom Servicemonteur installatietechniek"
    ).click()
    page.wait_for_url("**/werkgevers/mijn/")
    assert "is gekopieerd" in page.locator("main").inner_text()
    assert page.locator("h3", has_text="Servicemonteur installatietechniek").count() == 2
    copy = Werkplek.objects.get(status=Werkplek.Status.OPEN)
    assert copy.screened_at is None and copy.hours_per_week == 32  # the published hours
    history = page.locator("main").inner_text()
    assert "Gesloten: vervuld" in history and "via persoonlijke link" in history
    assert visit.console_errors == [] and visit.foreign_requests() == []
