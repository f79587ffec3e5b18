"""An employer keeps its places true itself, in Chromium: from the link in the registration
confirmation, received by a real SMTP sink from the real worker, to editing, closing and
copying a place, and answering an introduction."""

from urllib.parse import urlsplit

import pytest

from employers.models import Employer, Introduction, Werkplek
from tests.employers.answering import introduce
from tests.employers.helpers import make_werkplek
from tests.leads.helpers import run_worker
from tests.leads.smtp import accepting_smtp_server, use_smtp

from .test_journeys import fill
from .test_own_page import link_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
MY_PAGE = r"https?://\S+/werkgevers/mijn/\?t=\S+"


def test_employer_from_the_confirmation_mail_edits_closes_copies_and_answers_an_introduction(
    visit, personas, settings
):
    settings.SITE_URL = visit.base_url
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
    page.locator("#id_plek-0-has_supervisor").check()
    page.locator("#id_plek-0-description").fill("U leert storingen zoeken bij klanten.")
    page.locator("#id_consent").check()
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url("**/werkgevers/aanmelden/bedankt/")
    Employer.objects.update(status=Employer.Status.SCREENED)  # admissions screened it
    with accepting_smtp_server() as (port, received):
        use_smtp(settings, port)
        run_worker()
        link = link_in(received, "henk@devries.example", MY_PAGE, subject="Aanmelding ontvangen")

    # 2. The link opens the page, and the token leaves the address bar.
    address = urlsplit(link)
    visit.goto(f"{address.path}?{address.query}")
    assert page.url == visit.base_url + "/werkgevers/mijn/"
    assert "Werkplekken van Installatietechniek De Vries" in page.locator("h1").inner_text()
    assert visit.axe_violations() == []

    # 3. Edit, from the place's own page: the title goes live at once, the hours wait for
    #    admissions' check.
    page.get_by_role("link", name="Servicemonteur in opleiding").click()
    page.wait_for_url("**/werkgevers/mijn/plek/*/")
    assert visit.axe_violations() == []
    page.locator("#id_title").fill("Servicemonteur installatietechniek")
    page.locator("#id_salary_min").fill("2400")
    page.locator("#id_hours_per_week").fill("36")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url("**/werkgevers/mijn/")
    assert "wacht op controle door toelating" in page.locator("main").inner_text()
    page.get_by_role("link", name="Servicemonteur installatietechniek").click()
    assert "Uren per week: 32 → 36" in page.locator("main").inner_text()
    visit.goto("/werkplekken/")
    assert "Servicemonteur installatietechniek" in page.locator("main").inner_text()

    # 4. Close it as filled: it leaves the site.
    visit.goto("/werkgevers/mijn/")
    page.get_by_role("link", name="Servicemonteur installatietechniek").click()
    page.get_by_label("Sluiten als").select_option("vervuld")
    page.get_by_role("button", name="Sluiten Servicemonteur installatietechniek").click()
    page.wait_for_url("**/werkgevers/mijn/")
    assert "is gesloten (vervuld)" in page.locator("main").inner_text()
    visit.goto("/werkplekken/")
    assert "Servicemonteur installatietechniek" not in page.locator("main").inner_text()

    # 5. Copy it for the next intake: the copy waits for admissions' check.
    visit.goto("/werkgevers/mijn/")
    page.get_by_role("link", name="Servicemonteur installatietechniek").click()
    page.get_by_role(
        "button", name="Kopiëren voor de volgende instroom Servicemonteur installatietechniek"
    ).click()
    page.wait_for_url("**/werkgevers/mijn/")
    assert "is gekopieerd" in page.locator("main").inner_text()
    rows = page.locator("tbody th", has_text="Servicemonteur installatietechniek")
    assert rows.count() == 2
    copy = Werkplek.objects.get(status=Werkplek.Status.OPEN)
    assert copy.screened_at is None and copy.hours_per_week == 32  # the published hours
    history = page.locator("main").inner_text()
    assert "Gesloten: vervuld" in history and "via persoonlijke link" in history

    # 6. Admissions propose a person for another place; the employer answers from the mail.
    employer = Employer.objects.get()
    other = make_werkplek(employer=employer, title="Monteur zonnepanelen")
    introduction = introduce(werkplek=other)
    with accepting_smtp_server() as (port, received):
        use_smtp(settings, port)
        run_worker()
        link = link_in(received, "henk@devries.example", MY_PAGE, subject="Kandidaat")
        page.goto(link)
        page.wait_for_url("**/werkgevers/mijn/")
        candidate = page.locator(f"#kennismaking-{introduction.pk}")
        assert "zoe@example.nl" in candidate.inner_text()
        candidate.get_by_label("Reden (verplicht)").select_option("uren")
        candidate.get_by_label("Toelichting voor de kandidaat", exact=True).fill(
            "Wij zoeken 36 uur."
        )
        candidate.get_by_role("button", name="Laten weten: past niet").click()
        page.wait_for_url(f"**/werkgevers/mijn/plek/*/#kennismaking-{introduction.pk}")
        introduction.refresh_from_db()
        assert introduction.declined_by == Introduction.DeclinedBy.EMPLOYER
        run_worker()
        assert link_in(received, "zoe@example.nl", subject="Antwoord van")
    assert visit.console_errors == [] and visit.foreign_requests() == []
