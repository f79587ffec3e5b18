"""Chromium through Playwright against a live server; every test records outgoing requests."""

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from programmes.models import Programme
from tests.factories import make_event, make_field, make_location, make_programme, uploaded_image

CHROMIUM = "/usr/bin/chromium"
RESULTS = Path(__file__).resolve().parents[2] / "test-results"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Rules beyond WCAG AA that the site keeps too: axe tags heading-order a best practice, and
# Lighthouse counts it (issue 23, point 19).
ALSO = {"heading-order": {"enabled": True}}

if not Path(CHROMIUM).exists():
    pytest.skip(
        f"{CHROMIUM} is missing: install Debian's chromium to run the browser tests "
        "(.ci/run does this)",
        allow_module_level=True,
    )

# Playwright's sync API runs an event loop in this thread; the ORM calls that tests make
# for their fixtures are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


class Visit:
    """A page plus what it asked of the network and printed on the console."""

    def __init__(self, page, base_url):
        self.page, self.base_url = page, base_url
        self.requests, self.console_errors = [], []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on(
            "console",
            lambda message: message.type == "error" and self.console_errors.append(message.text),
        )

    def goto(self, path):
        response = self.page.goto(self.base_url + path)
        return response

    def foreign_requests(self):
        local = ("127.0.0.1", "localhost")
        return [
            url
            for url in self.requests
            if not url.startswith("data:") and urlsplit(url).hostname not in local
        ]

    def axe_violations(self):
        from axe_playwright_python.sync_playwright import Axe

        options = {"runOnly": {"type": "tag", "values": WCAG_AA}, "rules": ALSO}
        results = Axe().run(self.page, options=options)
        return [
            f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['html'][:120]})"
            for v in results.response["violations"]
        ]


@pytest.fixture
def visit(browser, live_server, request):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page = context.new_page()
    yield Visit(page, live_server.url)
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        RESULTS.mkdir(exist_ok=True)
        page.screenshot(path=RESULTS / f"{request.node.name}.png", full_page=True)
    context.close()


@pytest.fixture(autouse=True)
def _served_media(settings, tmp_path):
    """Media written by the test, served by the live server from the same place."""
    settings.MEDIA_ROOT = tmp_path / "media"
    yield
    shutil.rmtree(tmp_path / "media", ignore_errors=True)


@pytest.fixture
def catalogue():
    """Two programmes in two fields, one with an image, and an event."""
    ict, zorg = make_field("HBO-ICT"), make_field("Zorg")
    utrecht = make_location("Utrecht")
    software = make_programme(name="Software Development", field=ict, locations=[utrecht])
    software.image.save("software.jpg", uploaded_image(size=(1600, 1000)))
    make_programme(
        name="Bedrijfskunde",
        degree=Programme.Degree.BACHELOR,
        ec=240,
        duration_years=4,
        field=zorg,
        locations=[utrecht],
    )
    make_event(programmes=[software], title="Open dag Utrecht")
    return {"software": software, "ict": ict}
