"""Crafted cookies, admin filter values, query strings, tokens, ids and form values get a page
or a 4xx, never a 500."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils import timezone

from employers.alerts import Alert
from tests.employers.answering import candidate_page, employer_page, introduce
from tests.employers.helpers import make_alert, make_employer
from tests.factories import make_lead
from tests.mkbroute.test_mail_links import database
from tests.mkbroute.test_personal_links import open_link

pytestmark = pytest.mark.django_db

ADMIN_PATHS = [
    "/admin/leads/lead/?created_at__year=99999",
    "/admin/leads/lead/?created_at__year=0",
    "/admin/leads/lead/?created_at__gte=0001-01-01&created_at__lt=9999-12-31",
    "/admin/leads/lead/?created_at__gte=10000-01-01",
    "/admin/leads/lead/?created_at__day=40&created_at__month=13&created_at__year=2026",
    "/admin/leads/lead/?status=%00",
    "/admin/leads/lead/?o=99",
    "/admin/leads/lead/?programme=abc",
    "/admin/leads/lead/?opleiding=²",
    "/admin/leads/lead/?target_group__id__exact=x",
    "/admin/leads/lead/export/?created_at__year=99999",
    "/admin/leads/lead/export/?created_at__gte=0001-01-01",
    "/admin/resultaten/?van=0001-01-01&tot=9999-12-31",
    "/admin/resultaten/?van=9999-12-31&tot=9999-12-31",
    "/admin/resultaten/?van=0001-01-01&tot=0001-01-01",
    "/admin/resultaten/?van=2026-02-30",
    "/admin/leads/exportlog/?created_at__year=99999",
]


@pytest.mark.parametrize("path", ADMIN_PATHS)
def test_admin_filters_far_in_the_past_or_future_never_cause_a_500(superuser, personas, path):
    superuser.raise_request_exception = False
    response = superuser.get(path)
    assert response.status_code < 500, path
    if "export" in path and response.status_code == 200:
        b"".join(response.streaming_content)


@pytest.mark.parametrize(
    "cookies",
    [
        {"toon": "x" * 5000},
        {"toon": "../../etc"},
        {"toon": "\\x00"},
        {"sessionid": "nonsense"},
        {"sessionid": "a" * 4000},
        {"sessionid": "eyJsYXN0X3N1Ym1pc3Npb24iOiJ4In0:1abcde:forged"},
        {"csrftoken": "kort"},
    ],
)
@pytest.mark.parametrize("path", ["/", "/voor/student/", "/interesse/", "/interesse/bedankt/"])
def test_crafted_cookies_never_cause_a_500(personas, cookies, path):
    visitor = Client(raise_request_exception=False)
    for name, value in cookies.items():
        visitor.cookies[name] = value
    assert visitor.get(path).status_code < 500


def test_a_period_out_of_range_gets_a_message(superuser):
    response = superuser.get("/admin/resultaten/?van=0001-01-01&tot=9999-12-31")
    assert "Kies een datum tussen 2000 en 2099." in response.content.decode()


# The pages behind personal links and the alerts' links: whatever a browser, a script or a
# mail program sends there, the answer is a Dutch page with a 4xx or the page itself.

LINK_REFUSED = "Deze link werkt niet"
NOT_FOUND = "Pagina niet gevonden"


@pytest.mark.parametrize("value", ["\\x00", "a" * 4000, "W10:1abc:" + "A" * 43, '"[1, 2]"'])
@pytest.mark.parametrize(
    ("cookie", "path"),
    [("link_werkgever", "/werkgevers/mijn/nieuw/"), ("link_persoon", "/mijn/verwijderen/")],
)
def test_a_crafted_link_cookie_gets_the_dutch_refusal(cookie, path, value):
    visitor = Client(raise_request_exception=False)
    visitor.cookies[cookie] = value
    for response in (visitor.get(path), visitor.post(path, {"confirm": "on", "title": "x"})):
        assert response.status_code == 403, (path, response.status_code)
        assert LINK_REFUSED in response.content.decode()


@pytest.mark.parametrize(
    "query", ["?t=", "?t=%00", "?t=" + "a" * 5000, "?t=a&t=b", "?t=..%2f..%2f", "?t=🙂"]
)
@pytest.mark.parametrize("path", ["/werkgevers/mijn/", "/mijn/"])
def test_a_crafted_token_gets_the_dutch_refusal(path, query):
    response = Client(raise_request_exception=False).get(path + query)
    assert response.status_code == 403 and LINK_REFUSED in response.content.decode()


@pytest.mark.parametrize(
    "token",
    ["%00", "a" * 3000, "..%2f..%2fetc", "MQ", "MQ:1abc:" + "A" * 43, "🙂"],
)
@pytest.mark.parametrize("kind", ["bevestigen", "afmelden"])
def test_a_crafted_alert_token_gets_the_dutch_page(kind, token):
    visitor = Client(raise_request_exception=False)
    path = f"/werkplekken/attendering/{kind}/{token}/"
    for response in (visitor.get(path), visitor.post(path)):
        assert response.status_code in (400, 403, 404), (path, response.status_code)
        text = response.content.decode()
        assert any(dutch in text for dutch in (LINK_REFUSED, NOT_FOUND, "Formulier niet"))


def test_another_kinds_token_opens_no_alert():
    """Each kind of link signs with its own salt: a consent's or a person's token in an
    alert's address is a token that does not fit."""
    lead = make_lead("kim@example.nl")
    alert = make_alert(lead.email)
    wrong = [
        lead.withdraw_url().rstrip("/").rpartition("/")[2],
        urlsplit(lead.personal_link()).query.removeprefix("t="),
        urlsplit(alert.confirm_url()).path.rstrip("/").rpartition("/")[2],
    ]
    for token in wrong:
        response = Client().get(f"/werkplekken/attendering/afmelden/{token}/")
        assert response.status_code == 400 and LINK_REFUSED in response.content.decode()
    assert Alert.objects.filter(pk=alert.pk).exists()


@pytest.fixture
def both_sides():
    """An introduction, with its employer's and its person's browsers opened by their links."""
    introduction = introduce()
    employer = employer_page(introduction.werkplek.employer)
    return introduction, employer, candidate_page(introduction.lead)


def actions(introduction):
    """(side, path, the data its form sends when filled in well) of every action."""
    werkplek, lead = introduction.werkplek, introduction.lead
    submission = lead.submissions.get()
    until = (timezone.localdate() + datetime.timedelta(days=60)).isoformat()
    place = {
        "title": "Junior developer",
        "description": "Je bouwt mee aan onze software.",
        "salary_min": "2000",
        "salary_max": "2600",
        "open_until": until,
        "places": "1",
        "programmes": [programme.slug for programme in werkplek.programmes.all()],
        "hours_per_week": "32",
        "has_supervisor": "on",
        "place": "Utrecht",
        "pc4": "3511",
    }
    mine = "/werkgevers/mijn/"
    return [
        (
            "employer",
            f"{mine}kennismaking/{introduction.pk}/uitnodigen/",
            {"how": "moment", "moment": "2030-05-01T10:00", "note": "Graag"},
        ),  # noqa: E501
        (
            "employer",
            f"{mine}kennismaking/{introduction.pk}/past-niet/",
            {"reason": "anders", "note": "Vol"},
        ),  # noqa: E501
        ("employer", f"{mine}werkplek/{werkplek.pk}/nog-open/", {"antwoord": "open"}),
        ("employer", f"{mine}plek/{werkplek.slug}/", place),
        ("employer", f"{mine}nieuw/", place),
        ("employer", f"{mine}plek/{werkplek.slug}/sluiten/", {"status": "vervuld"}),
        (
            "employer",
            f"{mine}contactpersoon/",
            {
                "contact_name": "Henk",
                "contact_role": "Eigenaar",
                "contact_email": "henk@devries.example",
                "contact_phone": "030 1234567",
            },
        ),  # noqa: E501
        ("employer", "/werkgevers/link/", {"email": "henk@devries.example"}),
        (
            "person",
            "/mijn/gegevens/",
            {
                "first_name": "Zoë",
                "last_name": "Bakker",
                "phone": "0612345678",
                "postcode": "3511",
                "preferred_start": "asap",
                "hours_per_week": "32",
            },
        ),  # noqa: E501
        ("person", f"/mijn/toestemming/{submission.consents.first().pk}/intrekken/", {}),
        ("person", f"/mijn/aanmelding/{submission.pk}/annuleren/", {}),
        (
            "person",
            f"/mijn/kennismaking/{introduction.pk}/",
            {"reactie": "kennismaken", "toelichting": "Graag"},
        ),  # noqa: E501
        ("person", "/mijn/attendering/stoppen/", {"alert": "1"}),
        ("person", "/mijn/link/", {"email": "zoe@example.nl"}),
    ]


CRAFTED = {
    "NUL": "a\x00b",
    "very long": "x" * 20_000,
    "huge": "9" * 40,
    "negative": "-1",
    "far past": "0001-01-01T00:00",
    "far future": "9999-12-31T23:59",
    "empty": "",
}


@pytest.mark.parametrize("value", CRAFTED.values(), ids=CRAFTED.keys())
def test_crafted_values_in_every_action_get_an_answer_never_a_500(both_sides, value):
    introduction, employer, person = both_sides
    browsers = {"employer": employer, "person": person}
    for side, path, data in actions(introduction):
        crafted = {name: value for name in data}
        response = browsers[side].post(path, crafted)
        assert response.status_code in (200, 302, 303), (path, response.status_code)
    # Fields that pass the form's field checks reach the model: one at a time, the rest valid.
    for side, path, data in actions(introduction):
        for name in set(data) & {"moment", "open_until", "salary_min", "salary_max", "places"}:
            response = browsers[side].post(path, {**data, name: value})
            assert response.status_code in (200, 302, 303, 404), (path, name)


@pytest.mark.parametrize("pk", ["0", "9223372036854775808", "9" * 30, "²"])
def test_crafted_ids_in_the_own_pages_are_not_found(both_sides, pk):
    introduction, employer, person = both_sides
    before = database()
    paths = [
        (employer, f"/werkgevers/mijn/kennismaking/{pk}/uitnodigen/"),
        (employer, f"/werkgevers/mijn/kennismaking/{pk}/past-niet/"),
        (employer, f"/werkgevers/mijn/werkplek/{pk}/nog-open/"),
        (employer, f"/werkgevers/mijn/plek/{pk}/sluiten/"),
        (person, f"/mijn/toestemming/{pk}/intrekken/"),
        (person, f"/mijn/aanmelding/{pk}/annuleren/"),
        (person, f"/mijn/kennismaking/{pk}/"),
    ]
    for browser, path in paths:
        response = browser.post(path, {"how": "bellen", "antwoord": "sluiten", "reactie": "x"})
        assert response.status_code == 404, path
        assert NOT_FOUND in response.content.decode()
    response = person.post("/mijn/attendering/stoppen/", {"alert": pk})
    assert response.status_code == 302
    assert database() == before


def test_another_holders_objects_are_not_found_and_stay_as_they_are(both_sides):
    introduction, _employer, _person = both_sides
    werkplek, lead = introduction.werkplek, introduction.lead
    alert = make_alert(lead.email)
    other_employer = employer_page(make_employer())
    other_person = candidate_page(make_lead("ander@example.nl"))
    before = database()
    for path in [
        f"/werkgevers/mijn/kennismaking/{introduction.pk}/uitnodigen/",
        f"/werkgevers/mijn/kennismaking/{introduction.pk}/past-niet/",
        f"/werkgevers/mijn/werkplek/{werkplek.pk}/nog-open/",
        f"/werkgevers/mijn/plek/{werkplek.slug}/",
        f"/werkgevers/mijn/plek/{werkplek.slug}/sluiten/",
        f"/werkgevers/mijn/plek/{werkplek.slug}/heropenen/",
        f"/werkgevers/mijn/plek/{werkplek.slug}/kopieren/",
    ]:
        data = {"how": "bellen", "reason": "anders", "note": "x", "antwoord": "sluiten"}
        response = other_employer.post(path, {**data, "status": "vervuld"})
        assert response.status_code == 404 and NOT_FOUND in response.content.decode(), path
    submission = lead.submissions.get()
    for path in [
        f"/mijn/toestemming/{submission.consents.first().pk}/intrekken/",
        f"/mijn/aanmelding/{submission.pk}/annuleren/",
        f"/mijn/kennismaking/{introduction.pk}/",
    ]:
        response = other_person.post(path, {"reactie": "geen_interesse"})
        assert response.status_code == 404 and NOT_FOUND in response.content.decode(), path
    other_person.post("/mijn/attendering/stoppen/", {"alert": alert.pk})  # not theirs: told
    assert database() == before


def test_every_action_without_the_pages_csrf_token_is_refused_and_changes_nothing():
    """A form on another site that posts to an action, with the holder's session cookie: the
    CSRF check refuses it before anything is read. Only the one-click unsubscribe of RFC 8058
    goes without, as its signed token is its authority (tests/employers/test_alerts.py)."""
    introduction = introduce()
    browsers = {
        "employer": Client(enforce_csrf_checks=True, raise_request_exception=False),
        "person": Client(enforce_csrf_checks=True, raise_request_exception=False),
    }
    open_link(browsers["employer"], introduction.werkplek.employer.personal_link())
    open_link(browsers["person"], introduction.lead.personal_link())
    before = database()
    for side, path, data in actions(introduction):
        response = browsers[side].post(path, data)
        assert response.status_code == 403, path
        assert "Formulier niet verstuurd" in response.content.decode()
    assert database() == before
    page = browsers["employer"].get("/werkgevers/mijn/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    close = f"/werkgevers/mijn/plek/{introduction.werkplek.slug}/sluiten/"
    data = {"csrfmiddlewaretoken": token, "status": "vervuld"}
    assert browsers["employer"].post(close, data).status_code == 302
    assert database() != before
