"""Whatever a client sends, the answer is a 4xx with a Dutch page: never a 500."""

import logging
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.employers.answering import candidate_page, employer_page
from tests.employers.helpers import make_alert, make_employer
from tests.factories import make_lead

pytestmark = pytest.mark.django_db

DUTCH = (
    "Pagina niet gevonden",
    "Ongeldig verzoek",
    "Niet toegestaan",
    "Formulier niet verstuurd",
    "Controleer het formulier",
    "Er ging iets mis met het formulier",
)


def dutch(response):
    return any(text in response.content.decode() for text in DUTCH)


@pytest.mark.parametrize(
    "path",
    [
        "/opleidingen/?degree=%ff%fe&field[]=1&location=%00",
        "/keuzehulp/?stap=%00&education=🙂",
        "/activiteiten/?page=-1",
        "/?voor=" + "a" * 5000,
        "/interesse/?persona=%00&doelgroep=../../",
        "/admin/resultaten/?van=%00",
        "/sitemap.xml?p=abc",
        "/opleidingen/" + "x" * 300 + "/",
    ],
)
def test_garbage_query_parameters_never_cause_a_500(client, personas, path):
    response = Client(raise_request_exception=False).get(path)
    assert response.status_code < 500


@pytest.mark.parametrize(
    "path",
    [
        "/media/..%2f..%2fmkbroute/settings.py",
        "/media/%2e%2e/%2e%2e/etc/passwd",
        "/static/..%2f..%2fmkbroute/settings.py",
        "/media/programmes/../../db.sqlite3",
        "/static/%00.css",
        "/media/\\..\\..\\windows",
    ],
)
def test_path_tricks_on_media_and_static_get_a_dutch_4xx(path):
    response = Client(raise_request_exception=False).get(path)
    assert 400 <= response.status_code < 500, response.status_code
    assert dutch(response)
    assert b"SECRET_KEY" not in response.content


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
@pytest.mark.parametrize("path", ["/interesse/", "/robots.txt", "/media/x.jpg"])
def test_wrong_methods_get_a_dutch_405(client, personas, method, path):
    response = getattr(client, method)(path)
    assert response.status_code == 405
    assert "Niet toegestaan" in response.content.decode()
    assert response["Allow"]


def a_file(name, size):
    return SimpleUploadedFile(name, b"0" * size, "application/octet-stream")


OVERSIZED = {
    "form fields over 1 MB": lambda: {"message": "x" * 1_100_000},
    "more than 1000 fields": lambda: {f"veld{n}": "x" for n in range(1001)},
    "a file over 12 MB": lambda: {"bijlage": a_file("groot.bin", 12 * 1024 * 1024 + 1)},
    "more than 5 files": lambda: {f"bijlage{n}": a_file(f"{n}.bin", 10) for n in range(6)},
}


@pytest.mark.parametrize("body", OVERSIZED.values(), ids=OVERSIZED.keys())
def test_an_oversized_public_post_gets_a_dutch_400(personas, body):
    response = Client(raise_request_exception=False).post("/interesse/", body())
    assert response.status_code == 400
    assert dutch(response)


def test_refusals_are_logged_without_personal_data(personas, caplog):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    with caplog.at_level(logging.WARNING):
        client.post("/interesse/", {"email": "geheim@example.nl", "first_name": "Geheimnaam"})
        client.get("/media/..%2f..%2fsecret")
    assert caplog.records, "refusals are logged"
    assert "geheim@example.nl" not in caplog.text and "Geheimnaam" not in caplog.text


def test_a_links_token_never_reaches_the_log_of_a_refused_request(caplog):
    alert = make_alert(confirmed=False)
    lead = make_lead("kim@example.nl")
    links = [alert.confirm_url(), alert.unsubscribe_url(), lead.withdraw_url()]
    tokens = [urlsplit(link).path.rstrip("/").rpartition("/")[2] for link in links]
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    with caplog.at_level(logging.INFO):
        for link in links:
            path = urlsplit(link).path
            client.post(path)  # CSRF refused where the page's form is needed
            client.put(path)  # 405
            client.get(path + "x/")  # 404
            client.get(path[:-1] + "./")  # a mail program added a full stop: 400
    assert len(caplog.records) >= 12
    for token in tokens:
        assert token.split(":")[-1] not in caplog.text
    assert "[token]" in caplog.text, "the log still says which page"


OWN_PAGES = [
    "/werkgevers/mijn/",
    "/werkgevers/mijn/nieuw/",
    "/werkgevers/mijn/contactpersoon/",
    "/werkgevers/mijn/plek/een-plek/",
    "/werkgevers/link/",
    "/mijn/",
    "/mijn/verwijderen/",
    "/mijn/link/",
    "/werkplekken/attendering/bevestigen/abc/",
    "/werkplekken/attendering/afmelden/abc/",
]
OWN_ACTIONS = [
    "/werkgevers/mijn/plek/een-plek/sluiten/",
    "/werkgevers/mijn/plek/een-plek/heropenen/",
    "/werkgevers/mijn/plek/een-plek/kopieren/",
    "/werkgevers/mijn/kennismaking/1/uitnodigen/",
    "/werkgevers/mijn/kennismaking/1/past-niet/",
    "/werkgevers/mijn/werkplek/1/nog-open/",
    "/mijn/gegevens/",
    "/mijn/toestemming/1/intrekken/",
    "/mijn/aanmelding/1/annuleren/",
    "/mijn/attendering/stoppen/",
    "/mijn/kennismaking/1/",
    "/werkplekken/attendering/",
]


@pytest.mark.parametrize("path", OWN_PAGES + OWN_ACTIONS)
def test_the_own_pages_and_their_actions_refuse_other_methods_in_dutch(path):
    client = Client(raise_request_exception=False)
    methods = ["put", "patch", "delete"]
    if path in OWN_ACTIONS:
        methods += ["get", "head"]  # an action changes something: a POST from its page
    for method in methods:
        response = getattr(client, method)(path)
        assert response.status_code == 405, (method, response.status_code)
        assert response["Allow"]
        if method != "head":
            assert "Niet toegestaan" in response.content.decode()


@pytest.mark.parametrize("body", OVERSIZED.values(), ids=OVERSIZED.keys())
def test_an_oversized_post_through_a_link_gets_a_dutch_400(body):
    person = candidate_page(make_lead("kim@example.nl"))
    employer = employer_page(make_employer())
    for client, path in ((person, "/mijn/gegevens/"), (employer, "/werkgevers/mijn/nieuw/")):
        client.raise_request_exception = False
        response = client.post(path, body())
        assert response.status_code == 400, path
        assert dutch(response)
