import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
