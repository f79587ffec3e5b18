"""Every public page and state: nothing from another host, only our three cookies, axe clean."""

import pytest

from employers.models import Werkplek
from programmes.models import Event, Programme
from tests.browser.admission import make_programme_to_start
from tests.employers.helpers import make_werkplek
from tests.factories import make_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ALLOWED_COOKIES = {"csrftoken", "sessionid", "toon", "herkomst"}  # herkomst: see privacy.html
CHECK = "/kan-ik-starten/?stap=antwoord&programme=ad-ondernemen-check&hours=0&age="
CHECK_ANSWERS = [
    f"{CHECK}19&diploma=havo",
    f"{CHECK}19&diploma=havo&afdrukken=1",
    f"{CHECK}40&diploma=vmbo_mbo23&mkb=ja",
    f"{CHECK}18&diploma=vmbo_mbo23",
    f"{CHECK}24&diploma=foreign",
    f"{CHECK}19&diploma=none",
]
FINDER = "/keuzehulp/?stap=uitslag&education=mbo4&work=mkb_job&goal=keep_learning&over_21=ja"


def public_pages():
    pages = [
        "/?utm_source=nieuwsbrief&utm_campaign=test",
        "/",
        "/opleidingen/",
        "/opleidingen/?degree=bachelor",
        "/activiteiten/",
        "/keuzehulp/",
        "/keuzehulp/?stap=uitslag",
        FINDER,
        "/keuzehulp/?stap=uitslag&education=vmbo_mbo23&work=looking&goal=keep_learning&over_21=nee",
        "/voor/student/",
        "/voor/doorstromer/",
        "/voor/zij-instromer/",
        "/interesse/",
        "/interesse/?persona=student",
        "/privacy/",
        "/toegankelijkheid/",
        "/bestaat-niet/",
    ]
    pages += [p.get_absolute_url() for p in Programme.objects.all()]
    pages += [e.get_absolute_url() for e in Event.objects.all()]
    pages += ["/werkgevers/", "/werkgevers/aanmelden/", "/werkplekken/"]
    pages += ["/activiteiten/?wanneer=avond", "/activiteiten/?wanneer=online"]
    pages += ["/kan-ik-starten/", "/kan-ik-starten/?stap=antwoord", *CHECK_ANSWERS]
    pages += ["/werkplekken/?postcode=3511&afstand=10", "/werkplekken/?postcode=0000"]
    pages += ["/werkplekken/?postcode=4542&afstand=50"]  # nothing within 50 km: the nearest
    for werkplek in Werkplek.objects.public():
        pages += [werkplek.get_absolute_url(), werkplek.get_absolute_url() + "reageren/"]
    return pages


def submit_with_errors_then_properly(visit):
    page = visit.page
    visit.goto("/interesse/")
    page.get_by_role("button", name="Versturen").click()
    page.wait_for_selector("#formulier-fouten")
    yield "the form with errors"
    page.locator("#id_first_name").fill("Åsa")
    page.locator("#id_last_name").fill("Ødegård")
    page.locator("#id_email").fill("asa@example.nl")
    page.locator("#id_consent_contact").check()
    page.get_by_role("button", name="Versturen").click()
    page.wait_for_url("**/interesse/bedankt/?verzonden=1")
    yield "the thank-you page"


@pytest.mark.parametrize("width", [1280, 375, 320])
def test_every_public_page_and_state_is_private_and_passes_axe(visit, personas, catalogue, width):
    make_event(title="Meeloopdag", kind="meeloopdag", capacity=3)
    make_werkplek(programmes=list(Programme.objects.all()), salary_min=2200)
    make_programme_to_start(slug="ad-ondernemen-check")
    visit.page.set_viewport_size({"width": width, "height": 900})
    for path in public_pages():
        visit.console_errors.clear()
        visit.goto(path)
        assert visit.axe_violations() == [], path
        assert visit.page.evaluate("document.documentElement.scrollWidth") <= width, path
        if path != "/bestaat-niet/":
            assert visit.console_errors == [], path
    for state in submit_with_errors_then_properly(visit):
        assert visit.axe_violations() == [], state
    assert visit.foreign_requests() == []
    cookies = {cookie["name"] for cookie in visit.page.context.cookies()}
    assert cookies <= ALLOWED_COOKIES, cookies
    # No session: a general question gets the thank-you page everyone gets, and where a visit
    # came from is in the signed herkomst cookie (issue 22), not in a server session.
    assert "toon" in cookies and "csrftoken" in cookies and "sessionid" not in cookies


def test_focus_is_visible_and_motion_can_be_reduced(visit, personas):
    visit.goto("/voor/student/")
    page = visit.page
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    page.emulate_media(reduced_motion="reduce")
    duration = page.evaluate("getComputedStyle(document.querySelector('.btn')).transitionDuration")
    assert all(float(part.rstrip("s")) <= 0.001 for part in duration.split(","))
