import io
import re

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo():
    call_command("load_demo", "--leads", "0", stdout=io.StringIO())


@pytest.mark.parametrize("width", [1280, 375])
def test_persona_pages_pass_axe_in_their_tone(visit, demo, width):
    visit.page.set_viewport_size({"width": width, "height": 900})
    for slug in ("student", "doorstromer", "zij-instromer"):
        visit.goto(f"/voor/{slug}/")
        assert visit.axe_violations() == [], slug
        assert visit.page.evaluate("document.documentElement.scrollWidth") <= width
    assert "werkende die leert" in visit.page.locator("main").inner_text()
    assert visit.foreign_requests() == []
    assert visit.console_errors == []


def test_the_route_finder_works_by_keyboard_and_its_result_passes_axe(visit, demo):
    page = visit.page
    visit.goto("/keuzehulp/")
    assert visit.axe_violations() == []
    page.get_by_role("button", name="Bekijk mijn route").click()
    page.wait_for_url(re.compile(r"stap=uitslag"))
    assert page.get_by_role("alert").is_visible()
    assert visit.axe_violations() == [], "the form with errors"

    for label in (
        "Mbo niveau 4",
        "Ik werk bij een mkb-bedrijf (tot 250 medewerkers)",
        "Verder leren na mijn opleiding",
        "21 jaar of ouder",
    ):
        page.get_by_label(label).focus()
        page.keyboard.press("Space")
    page.get_by_role("button", name="Bekijk mijn route").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("h1:has-text('route in het hbo')")
    assert visit.axe_violations() == [], "the result"
    text = page.locator("main").inner_text()
    assert "Ik werk en wil de stap naar het hbo zetten" in text
    assert not re.search(r"\bstudent(en)?\b", text, re.IGNORECASE)
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    assert cookies["toon"] == "werkende-die-leert"
    assert visit.foreign_requests() == []
