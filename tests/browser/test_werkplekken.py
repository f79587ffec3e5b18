"""The werkplekken journey from both sides, in Chromium: an employer registers, admissions
screen it, a person without an employer finds the place and is introduced."""

import json
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail

from employers.models import Employer, Introduction
from leads.models import Lead
from mkbroute.roles import ADMISSIONS
from results import lead_days
from tests.factories import make_intake
from tests.leads.helpers import run_worker

from .test_journeys import fill, log_in, staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def worklist_names(page, base):
    page.goto(base + "/admin/zonder-werkplek/")
    return page.locator("#content-main").inner_text()


def results_row(page, base):
    page.goto(base + "/admin/resultaten/")
    table = page.locator("#content-main").inner_html()
    return re.findall(r"<td>Amersfoort|<td>Utrecht</td><td>(\d+)</td><td>(\d+)</td>", table)


def test_employer_registers_admissions_publish_and_a_person_is_introduced(visit, browser, personas):
    programme = personas["student"].programmes.get()
    make_intake(programme, start_in_days=200)
    page, base = visit.page, visit.base_url

    # 1. An employer registers, in the u-tone; printed, the page is just the text.
    visit.goto("/werkgevers/")
    page.emulate_media(media="print")
    assert not page.get_by_role("link", name="Werkplek aanmelden").first.is_visible()
    assert not page.locator(".site-header").is_visible()
    page.emulate_media(media="screen")
    page.get_by_role("link", name="Werkplek aanmelden").first.click()
    fill(
        page,
        name="Installatietechniek De Vries",
        kvk_number="1234 5678",
        employees="12",
        place="Utrecht",
        pc4="3511 AB",
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
    employer = Employer.objects.get()
    assert employer.status == Employer.Status.REGISTERED
    run_worker()
    assert any("Installatietechniek De Vries" in m.subject for m in mail.outbox)
    visit.goto("/werkplekken/")
    assert "Servicemonteur" not in page.locator("main").inner_text()

    # 2. Admissions screen and publish it.
    staff("toelating", ADMISSIONS)
    admin = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    office = admin.new_page()
    office_errors = []
    office.on("console", lambda m: m.type == "error" and office_errors.append(m.text))
    log_in(office, base, "toelating")
    office.goto(base + f"/admin/employers/employer/{employer.pk}/change/")
    office.locator("#id_status").select_option("gescreend")
    office.get_by_role("button", name="Opslaan", exact=True).click()
    office.wait_for_url("**/admin/employers/employer/")

    # 3. The place is listed, in the sitemap, with a JobPosting.
    visit.goto("/werkplekken/?postcode=3584&afstand=10")
    page.get_by_role("link", name="Servicemonteur in opleiding").click()
    page.wait_for_url("**/werkplekken/servicemonteur-in-opleiding-utrecht/")
    posting = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert posting["@type"] == "JobPosting"
    assert posting["hiringOrganization"]["name"] == "Installatietechniek De Vries"
    assert page.url.replace(base, "") in page.request.get(base + "/sitemap.xml").text()

    # 4. A visitor without an employer gives a PC4 and submits.
    visit.goto("/interesse/")
    fill(page, first_name="Sanne", last_name="Visser", email="sanne@example.nl")
    page.get_by_label(programme.name).check()
    page.locator("#id_has_employer").select_option("nee")
    page.locator("#id_postcode").fill("3584")
    page.locator("#id_hours_per_week").fill("32")
    page.locator("#id_preferred_start").select_option("asap")
    page.locator("#id_consent_contact").check()
    page.locator("#id_consent_partners").check()
    page.get_by_role("button", name="Versturen").click()
    page.wait_for_url("**/interesse/bedankt/?verzonden=1")

    # 5. The thank-you page shows the place, without the contact person.
    thanks = page.locator("main").inner_text()
    assert "Servicemonteur in opleiding" in thanks and "32 uur" in thanks
    assert "Henk" not in thanks and "henk@devries.example" not in page.content()
    assert "Sanne" in worklist_names(office, base)
    before = results_row(office, base)

    # The visitor confirms the sharing consent through the link in the mail.
    run_worker()
    confirmation = next(m for m in mail.outbox if m.to == ["sanne@example.nl"])
    link = re.search(r"https?://\S+/interesse/bevestigen/\S+/", confirmation.body).group(0)
    page.goto(base + urlsplit(link).path)
    page.get_by_role("button", name="Ja, ik bevestig dit").click()

    # 6. Admissions propose the place, and the introduction moves on.
    lead = Lead.objects.get(email="sanne@example.nl")
    office.goto(base + f"/admin/leads/lead/{lead.pk}/change/")
    office.get_by_role("link", name="Voorstellen").first.click()
    office.get_by_role("button", name="Ja, voorstellen").click()
    office.wait_for_url("**/admin/employers/introduction/*/change/")
    run_worker()
    assert any(m.to == ["henk@devries.example"] for m in mail.outbox)
    office.locator("#id_status").select_option("akkoord")
    office.get_by_role("button", name="Opslaan", exact=True).click()
    office.wait_for_url("**/admin/employers/introduction/")
    introduction = Introduction.objects.get()
    assert introduction.status == Introduction.Status.AGREED and introduction.agreed_at

    # 7. The worklist changes, and the chart with the worker's next hourly fold.
    assert "Sanne" not in worklist_names(office, base)
    lead_days.fold()
    assert results_row(office, base) != before
    assert visit.console_errors == [] and visit.foreign_requests() == []
    assert office_errors == [], "the admin pages work under the strict CSP"
    admin.close()
