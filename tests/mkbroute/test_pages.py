import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.db.utils import OperationalError
from django.test import Client

from tests.factories import make_event, make_programme

pytestmark = pytest.mark.django_db


def test_the_home_page_explains_the_route_and_shows_programmes_and_events(client):
    programme = make_programme(name="Ondernemen")
    event = make_event(title="Open dag Utrecht")
    html = client.get("/").content.decode()
    for fact in (
        "vier dagen per week",
        "één dag per week",
        "salaris",
        "erkend",
        "driepartijenovereenkomst",
        "Associate degree",
        "bachelor",
    ):
        assert fact in html
    assert programme.get_absolute_url() in html
    assert event.get_absolute_url() in html


def test_the_home_page_offers_the_route_finder_even_before_personas_exist(client):
    html = client.get("/").content.decode()
    assert html.count('class="entry-card"') == 1
    assert 'class="entry-card" href="/keuzehulp/"' in html
    assert "student" not in html.lower()


@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("/privacy/", "Privacyverklaring"),
        ("/toegankelijkheid/", "Toegankelijkheidsverklaring"),
        ("/interesse/", "Meer weten over de Mkb-route?"),
        ("/keuzehulp/", "Welke route past bij jou?"),
        ("/activiteiten/", "Open dagen en voorlichtingen"),
        ("/opleidingen/", "Opleidingen in de Mkb-route"),
    ],
)
def test_each_page_answers_in_dutch(client, url, text):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{text}</h1>" in html
    assert '<html lang="nl">' in html
    assert '<meta name="description"' in html
    assert '<meta property="og:title"' in html


def test_the_privacy_page_names_where_the_postcode_map_comes_from(client):
    """GeoNames' licence (CC BY 4.0) asks for it where visitors see the data at work."""
    html = client.get("/privacy/").content.decode()
    assert '<a href="https://www.geonames.org/">GeoNames</a>' in html
    assert '<a href="https://creativecommons.org/licenses/by/4.0/deed.nl">CC BY 4.0</a>' in html


def test_the_layout_has_a_skip_link_navigation_main_and_footer(client):
    html = client.get("/").content.decode()
    assert '<a class="skip-link" href="#inhoud">' in html
    assert '<main id="inhoud"' in html
    assert '<nav aria-label="Hoofdmenu">' in html
    for link in ('href="/privacy/"', 'href="/toegankelijkheid/"', "mailto:"):
        assert link in html.split("<footer")[1]


def test_no_page_loads_anything_from_another_host(client):
    make_programme()
    for url in ("/", "/opleidingen/", "/activiteiten/", "/keuzehulp/"):
        html = client.get(url).content.decode()
        assert "<script" not in html
        for attribute in ('src="http', 'href="http://', 'href="//', 'src="//'):
            assert attribute not in html.replace('href="http://testserver', "")


def test_an_unknown_page_is_a_dutch_404(client):
    response = client.get("/bestaat/niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_an_error_in_a_view_gives_the_dutch_500_page(settings):
    settings.ROOT_URLCONF = "tests.mkbroute.failing_urls"
    response = Client(raise_request_exception=False).get("/stuk/")
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()


def test_the_sitemap_lists_published_programmes_and_events_only(client):
    shown = make_programme()
    hidden = make_programme(published=False)
    event = make_event()
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = [loc.text for loc in ET.fromstring(response.content).findall("s:url/s:loc", namespace)]
    assert f"http://testserver{shown.get_absolute_url()}" in urls
    assert f"http://testserver{event.get_absolute_url()}" in urls
    assert f"http://testserver{hidden.get_absolute_url()}" not in urls
    assert "http://testserver/opleidingen/" in urls


def test_robots_txt_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()


def test_security_txt_says_where_to_report_a_vulnerability_per_rfc_9116(client, settings):
    settings.SECURITY_CONTACT = "mailto:cert@hogeschool-voorbeeld.nl"
    response = client.get("/.well-known/security.txt", secure=True)
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    fields = {}
    for line in response.content.decode().splitlines():
        if line and not line.startswith("#"):
            assert re.fullmatch(r"[A-Za-z][A-Za-z-]*: \S.*", line), line
            name, value = line.split(": ", 1)
            fields.setdefault(name.lower(), []).append(value)

    assert fields["contact"] == ["mailto:cert@hogeschool-voorbeeld.nl"]
    (expires,) = fields["expires"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", expires)
    now = datetime.datetime.now(datetime.UTC)
    assert now < datetime.datetime.fromisoformat(expires) < now + datetime.timedelta(days=365)
    assert fields["preferred-languages"] == ["nl, en"]
    assert fields["canonical"] == ["https://testserver/.well-known/security.txt"]


def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "failed_mails": 0}


def test_healthz_answers_503_when_the_database_is_down(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503


def test_every_error_status_is_shown_on_the_one_error_page(client, settings, personas):
    settings.ROOT_URLCONF = "tests.mkbroute.failing_urls"
    settings.LEADS_RATE_LIMIT = "1/h"
    csrf_checked = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.post("/interesse/", {})  # the first submit from this address counts
    requests = {
        400: lambda: client.get("/media/..%2f..%2fmkbroute/settings.py"),
        403: lambda: csrf_checked.post("/interesse/", {}),
        404: lambda: client.get("/bestaat/niet/"),
        405: lambda: client.post("/robots.txt"),
        429: lambda: client.post("/interesse/", {}),
        500: lambda: Client(raise_request_exception=False).get("/stuk/"),
    }
    for status, request in requests.items():
        response = request()
        assert response.status_code == status
        assert [t.name for t in response.templates][:1] == ["error.html"], status


def test_money_is_written_one_way_everywhere():
    from decimal import Decimal

    from django.utils import translation

    from mkbroute.templatetags.site import euro

    with translation.override("nl"):
        assert euro(Decimal("2695.00")) == "€\xa02.695"
        assert euro(2100) == "€\xa02.100"
        assert euro(Decimal("12.50")) == "€\xa012,50"
        assert euro(None) == ""


def test_the_sitemap_lists_the_admission_check(client):
    response = client.get("/sitemap.xml")
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = [loc.text for loc in ET.fromstring(response.content).findall("s:url/s:loc", namespace)]
    assert "http://testserver/kan-ik-starten/" in urls
