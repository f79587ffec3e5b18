import pytest

from programmes.models import Programme
from tests.factories import make_event, make_field, make_location, make_programme, uploaded_image

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalogue():
    ict, zorg = make_field("HBO-ICT"), make_field("Zorg")
    utrecht = make_location("Utrecht")
    software = make_programme(name="Software Development", field=ict, locations=[utrecht])
    software.image.save("software.jpg", uploaded_image(size=(1600, 1000)))
    make_programme(
        name="Bedrijfskunde", degree=Programme.Degree.BACHELOR, ec=240, duration_years=4,
        field=zorg, locations=[utrecht],
    )  # fmt: skip
    make_event(programmes=[software], title="Open dag Utrecht")
    return {"software": software, "ict": ict}


PAGES = ["/", "/opleidingen/", "/opleidingen/?degree=ad", "/activiteiten/", "/keuzehulp/",
         "/interesse/", "/privacy/", "/toegankelijkheid/", "/bestaat-niet/"]  # fmt: skip


@pytest.mark.parametrize("width", [1280, 375, 320])
def test_every_page_passes_axe_and_stays_on_this_host(visit, catalogue, width):
    visit.page.set_viewport_size({"width": width, "height": 900})
    pages = [*PAGES, catalogue["software"].get_absolute_url(), "/activiteiten/"]
    for path in pages:
        visit.console_errors.clear()
        visit.goto(path)
        assert visit.axe_violations() == [], path
        scroll_width = visit.page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{path} scrolls sideways at {width}px"
        if path != "/bestaat-niet/":  # its own 404 status is reported on the console
            assert visit.console_errors == [], path
    assert visit.foreign_requests() == []


def test_the_home_page_renders_with_its_styles(visit, catalogue):
    response = visit.goto("/")
    assert response.status == 200
    heading = visit.page.get_by_role("heading", level=1)
    assert "hbo-diploma" in heading.inner_text()
    # Bootstrap loaded: its container has a max width on a wide screen.
    max_width = visit.page.evaluate(
        "getComputedStyle(document.querySelector('.container')).maxWidth"
    )
    assert max_width != "none"


def test_a_programme_page_renders_with_its_image(visit, catalogue):
    visit.goto(catalogue["software"].get_absolute_url())
    assert visit.page.get_by_role("heading", level=1).inner_text() == "Software Development"
    image = visit.page.locator("article img").first
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    assert visit.foreign_requests() == []


def test_the_filter_works_without_javascript(browser, live_server, catalogue):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/opleidingen/")
    page.get_by_label("Vakgebied").select_option(label="HBO-ICT")
    page.get_by_role("button", name="Filteren").click()
    page.wait_for_url("**/opleidingen/?*field=*")
    titles = page.locator(".programme-card h2").all_inner_texts()
    assert titles == ["Software Development"]
    assert "1 opleiding gevonden" in page.locator("[role=status]").inner_text()
    context.close()


def test_the_skip_link_is_the_first_stop_for_the_keyboard(visit, catalogue):
    visit.goto("/")
    visit.page.keyboard.press("Tab")
    focused = visit.page.evaluate("document.activeElement.textContent")
    assert focused == "Direct naar de inhoud"
    assert visit.page.locator(".skip-link").is_visible()
