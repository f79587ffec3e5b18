import json
from urllib.parse import urlsplit

import pytest
from django.test import Client

from programmes.models import Event, Programme
from tests.employers.answering import introduce
from tests.employers.helpers import make_alert
from tests.factories import make_event, make_lead
from tests.leads.helpers import submit
from tests.mkbroute.internetnl import csp_failures
from tests.mkbroute.observatory import grade, score
from tests.mkbroute.own_page import CSRF
from tests.mkbroute.processes import STRONG_KEY, run_django, run_python
from tests.mkbroute.test_personal_links import path_of

PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": STRONG_KEY,
    "DJANGO_ALLOWED_HOSTS": "testserver,www.hogeschool-voorbeeld.nl",
}
SECURITY_SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "X_FRAME_OPTIONS",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_CSP",
    "PERMISSIONS_POLICY",
    "CSRF_COOKIE_HTTPONLY",
    "SESSION_COOKIE_HTTPONLY",
]


def test_check_deploy_is_clean_with_only_the_three_production_variables():
    result = run_python("manage.py", "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def production_security_settings():
    """The security settings a production start has, read once from a fresh process."""
    code = (
        "import json; from django.conf import settings as s; "
        f"print(json.dumps({{k: getattr(s, k) for k in {SECURITY_SETTINGS!r}}}))"
    )
    result = run_django(code, **PRODUCTION)
    return json.loads(result.stdout)


@pytest.fixture
def production_headers(settings, production_security_settings):
    """This test process takes the security settings a production start would have."""
    for name, value in production_security_settings.items():
        setattr(settings, name, value)
    return settings


def test_the_proxy_header_is_trusted_only_when_asked():
    code = "from django.conf import settings as s; "
    code += "print(getattr(s, 'SECURE_PROXY_SSL_HEADER', None))"
    plain = run_django(code, **PRODUCTION)
    proxied = run_django(code, **PRODUCTION, DJANGO_BEHIND_PROXY="1")
    assert plain.stdout.strip() == "None"
    assert "HTTP_X_FORWARDED_PROTO" in proxied.stdout


def public_urls():
    urls = [
        "/",
        "/opleidingen/",
        "/activiteiten/",
        "/keuzehulp/",
        "/interesse/",
        "/privacy/",
        "/toegankelijkheid/",
        "/voor/student/",
        "/voor/zij-instromer/",
        "/keuzehulp/?stap=uitslag&education=mbo4&work=mkb_job&goal=keep_learning&over_21=ja",
        "/interesse/bedankt/",
        "/bestaat-niet/",
        "/robots.txt",
        "/sitemap.xml",
        "/healthz",
        "/.well-known/security.txt",
        "/?utm_source=nieuwsbrief",
    ]
    urls += [p.get_absolute_url() for p in Programme.objects.all()]
    urls += [e.get_absolute_url() for e in Event.objects.all()]
    return urls


@pytest.mark.django_db
def test_every_public_page_scores_a_plus_by_the_observatory_rules(production_headers, personas):
    make_event(title="Meeloopdag", kind="meeloopdag", capacity=5)
    client = Client()
    for url in public_urls():
        response = client.get(url, secure=True)
        points, results = score(response)
        assert grade(points) == "A+", (url, points, [r for r in results if r[0] < 0])
        assert response["Permissions-Policy"].startswith("camera=()")
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    csp = response["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'none'",
        "object-src 'none'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp


@pytest.mark.django_db
def test_cookies_set_by_the_site_are_secure_httponly_and_samesite(production_headers, personas):
    client = Client()
    submitted = submit(client, "/voor/zij-instromer/?utm_source=x", secure=True)
    for response in (client.get("/voor/student/", secure=True), submitted):
        points, results = score(response)
        assert grade(points) == "A+", results
    for name, morsel in client.cookies.items():
        assert morsel["secure"] and morsel["httponly"], name
        assert morsel["samesite"] in ("Lax", "Strict"), name
    assert set(client.cookies) <= {"csrftoken", "sessionid", "toon", "herkomst"}


@pytest.mark.django_db
def test_plain_http_is_sent_to_https(production_headers):
    response = Client().get("/opleidingen/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/opleidingen/"


@pytest.mark.django_db
def test_the_admin_has_the_same_headers(production_headers, admin_client):
    response = admin_client.get("/admin/", secure=True)
    points, results = score(response)
    assert grade(points) == "A+", results


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/admin/login/"])
def test_the_csp_passes_the_internet_nl_web_test(production_headers, url):
    response = Client().get(url, secure=True)
    assert response.status_code == 200
    assert csp_failures(response["Content-Security-Policy"]) == []


PASSING = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
FAILING = [
    PASSING + "; script-src 'self' 'unsafe-inline'",
    PASSING + "; style-src 'self' 'unsafe-eval'",
    PASSING + "; img-src https:",
    PASSING + "; img-src cdn.example.com",
    PASSING + "; object-src data:",
    "default-src 'self' *; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "default-src 'self'; base-uri 'none'; form-action 'self'",
    "default-src 'self'; frame-ancestors 'none'; form-action 'self'",
    "default-src 'self'; frame-ancestors 'none'; base-uri 'none'",
]


def test_the_internet_nl_rules_pass_a_strict_policy():
    assert csp_failures(PASSING) == []


@pytest.mark.parametrize("policy", FAILING)
def test_the_internet_nl_rules_catch_a_weak_policy(policy):
    assert csp_failures(policy)


def own_pages_and_their_refusals():
    """Every kind of page a personal link or an alert's link opens, with the (path, client)
    that asks it: the link itself, the pages behind it, their refusals, and the end of a
    session (erasing, a new contact person)."""
    introduction = introduce()
    employer, lead = introduction.werkplek.employer, introduction.lead
    alert = make_alert(lead.email, confirmed=False)
    stale = Client()
    stale.cookies["link_persoon"] = "verlopen"
    employer_browser, person_browser = Client(), Client()
    return [
        (path_of(employer.personal_link()), employer_browser),
        ("/werkgevers/mijn/", employer_browser),
        ("/werkgevers/mijn/nieuw/", employer_browser),
        ("/werkgevers/mijn/contactpersoon/", employer_browser),
        ("/werkgevers/link/", Client()),
        (path_of(lead.personal_link()), person_browser),
        ("/mijn/", person_browser),
        ("/mijn/verwijderen/", person_browser),
        ("/mijn/link/", Client()),
        ("/mijn/", Client()),
        ("/mijn/", stale),
        ("/werkgevers/mijn/?t=vervalst", Client()),
        (urlsplit(alert.confirm_url()).path, Client()),
        (urlsplit(alert.unsubscribe_url()).path, Client()),
        ("/werkplekken/attendering/afmelden/vervalst/", Client()),
        ("/werkplekken/attendering/verstuurd/", Client()),
        ("/werkgevers/aanmelden/bekend/", Client()),
    ]


@pytest.mark.django_db
def test_the_pages_behind_personal_links_score_a_plus_and_refusals_too(
    production_headers, personas
):
    for path, client in own_pages_and_their_refusals():
        response = client.get(path, secure=True)
        points, results = score(response)
        assert grade(points) == "A+", (path, response.status_code, results)
        for name, morsel in response.cookies.items():
            assert morsel["secure"] and morsel["httponly"], (path, name)
            assert morsel["samesite"] == "Lax", (path, name)


@pytest.mark.django_db
def test_ending_a_session_forgets_the_cookie_with_the_same_flags(production_headers):
    client = Client(enforce_csrf_checks=True)
    link = path_of(make_lead("kim@example.nl").personal_link())
    assert client.get(link, secure=True, follow=True).status_code == 200
    page = client.get("/mijn/verwijderen/", secure=True).content.decode()
    data = {"csrfmiddlewaretoken": CSRF.search(page).group(1), "confirm": "on"}
    origin = {"HTTP_ORIGIN": "https://testserver"}
    erased = client.post("/mijn/verwijderen/", data, secure=True, **origin)
    assert "zijn verwijderd" in erased.content.decode()
    cookie = erased.cookies["link_persoon"]
    assert cookie.value == "" and cookie["max-age"] == 0 and cookie["path"] == "/mijn/"
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax"
    assert grade(score(erased)[0]) == "A+"


@pytest.mark.django_db
def test_the_policy_header_follows_the_setting_it_is_built_from(client, settings):
    assert client.get("/opleidingen/")["Content-Security-Policy"].startswith("default-src 'self'")
    settings.SECURE_CSP = {"default-src": ["'none'"], "img-src": ["'self'", "data:"]}
    policy = client.get("/opleidingen/")["Content-Security-Policy"]
    assert policy == "default-src 'none'; img-src 'self' data:"


@pytest.mark.django_db
def test_djangos_debug_page_for_a_missing_page_goes_without_the_policy(client, settings):
    settings.DEBUG = True
    assert "Content-Security-Policy" not in client.get("/bestaat-niet/")
    assert "Content-Security-Policy" in client.get("/opleidingen/")


@pytest.mark.django_db
def test_an_empty_policy_setting_sends_no_header_rather_than_an_empty_one(client, settings):
    settings.SECURE_CSP = {}
    assert "Content-Security-Policy" not in client.get("/opleidingen/")
