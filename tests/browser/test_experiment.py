"""An experiment on a persona page, from start to the applied winner, in Chromium."""

import pytest

from personas.experiments import Experiment, Variant
from tests.browser.test_journeys import log_in, staff
from tests.factories import make_lead

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PAGE = "/voor/zij-instromer/"
HEADLINE_B = "Variant B: leren naast je werk"
# Headless Chromium says so in its user agent, and bots are left out of experiments: the
# visitors here present themselves as the desktop browser they are.
DESKTOP = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0"


def run_action(page, base, action):
    page.goto(base + "/admin/personas/experiment/")
    page.locator("input[name=_selected_action]").first.check()
    page.locator("select[name=action]").select_option(action)
    page.locator("button[name=index]").click()
    page.wait_for_load_state()
    return page.locator(".messagelist").inner_text()


def headline(browser, base, cookies=None):
    """A new visitor (or one with these cookies) opens the page: the headline and cookies."""
    context = browser.new_context(user_agent=DESKTOP)
    if cookies:
        context.add_cookies(cookies)
    page = context.new_page()
    page.goto(base + PAGE)
    text = page.get_by_role("heading", level=1).inner_text()
    kept = [c for c in context.cookies() if c["name"].startswith("proef-")]
    context.close()
    return text, kept


def test_an_experiment_runs_from_a_refused_start_to_the_applied_winner(
    visit, browser, personas, settings
):
    settings.PAGE_CACHE_SECONDS = 600  # variants must never mix in the page cache
    zij = personas["zij-instromer"]
    experiment = Experiment.objects.create(persona=zij, name="Kop over werken")
    Variant.objects.create(experiment=experiment, letter="A")
    Variant.objects.create(experiment=experiment, letter="B", title=HEADLINE_B)
    staff("communicatie", "Communicatie")
    page, base = visit.page, visit.base_url
    log_in(page, base, "communicatie")

    assert "zonder steekproefgrootte" in run_action(page, base, "start")
    page.goto(base + f"/admin/personas/experiment/{experiment.pk}/change/")
    page.locator("#id_baseline").fill("10")
    page.locator("#id_effect").fill("50")
    page.get_by_role("button", name="Opslaan en opnieuw bewerken").click()
    page.wait_for_load_state()
    sample = Experiment.objects.get().sample_per_arm
    assert sample == 14 and "14" in page.locator(".field-sample_per_arm").inner_text()
    assert "is gestart" in run_action(page, base, "start")

    seen = {"A": 0, "B": 0}
    while min(seen.values()) < sample:
        text, cookies = headline(browser, base)
        (cookie,) = cookies
        letter = cookie["value"].split(":")[0]  # the letter, signed by the site
        assert (text == HEADLINE_B) == (letter == "B")
        again, more = headline(browser, base, cookies)
        assert again == text and more == cookies, "the same variant on every visit"
        seen[letter] += 1
        if sum(seen.values()) == 4:
            page.goto(base + f"/admin/personas/experiment/{experiment.pk}/change/")
            progress = page.locator(".field-progress").inner_text()
            assert "Nog geen uitkomst" in progress and "p-waarde" not in progress.lower()
    assert dict((v.letter, v.visitors) for v in Variant.objects.all()) == seen

    for n in range(12):
        make_lead(
            f"b{n}@example.nl", persona=zij, experiment=experiment, variant="B", page_path=PAGE
        )
    make_lead("a@example.nl", persona=zij, experiment=experiment, variant="A", page_path=PAGE)
    page.goto(base + f"/admin/personas/experiment/{experiment.pk}/change/")
    result = page.locator(".field-progress").inner_text()
    assert "Variant B doet het aantoonbaar beter dan A." in result and "p-waarde" in result.lower()

    assert "Variant B van Kop over werken toegepast" in run_action(page, base, "apply_winner")
    text, cookies = headline(browser, base)
    assert text == HEADLINE_B and cookies == [], "the winner for all, and no cookie any more"
    assert visit.console_errors == []
