"""Odd but realistic input on every kind of page: huge, negative and unicode numbers, NUL
bytes, very long text, impossible dates, a parameter given twice, a list where one value is
meant, a field left out or added, other methods, an address Python cannot read. The answer
is the page, the form again with its errors, or a Dutch 4xx: never a 500."""

import html
import re

import pytest
from django.contrib import admin
from django.db.models import ForeignKey
from django.test import Client

from leads.models import Lead, Submission
from leads.spam import new_token
from tests.employers.helpers import make_werkplek
from tests.factories import make_intake, make_lead
from tests.leads.helpers import VALID, form_fields

pytestmark = pytest.mark.django_db

HUGE = "9" * 40
ODD = {
    "huge": HUGE,
    "negative": "-99999999999999999999",
    "not a number": "abc",
    "superscript two": "²",
    "arabic three": "٣",
    "NUL": "a\x00b",
    "very long": "x" * 10_000,
    "30 February": "2026-02-30",
    "year 99999": "99999-01-01",
    "fraction": "1.5",
    "emoji": "🙂",
}
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
# An address a browser or a mail program may send as the Referer, which Python's urlsplit()
# cannot read: an IPv6 host without its closing bracket, a host that NFKC makes a "#".
UNREADABLE = [
    "http://[::1",
    "https://[2001:db8::1/pagina",
    "http://x]/",
    "http://ex\uff03ample.nl/",
]


def answers(response):
    return response.status_code < 500


@pytest.fixture
def site(personas):
    """The small demo of the conftest, with an open place of a screened employer."""
    programme = personas["student"].programmes.get()
    make_intake(programme, start_in_days=200)
    werkplek = make_werkplek(programmes=[programme])
    return {"programme": programme, "werkplek": werkplek}


def query_areas(site):
    """(path, {parameter: a value that makes sense}) of every public page that reads its query
    string; the sensible values are kept while one parameter at a time goes odd."""
    programme, werkplek = site["programme"], site["werkplek"]
    check = {"stap": "1", "programme": programme.slug, "diploma": "havo", "age": "20", "hours": "0"}
    return [
        ("/", {"voor": "student", "bekijk_als": "", "utm_source": "uwv"}),
        ("/opleidingen/", {"degree": "ad", "field": "", "location": ""}),
        ("/activiteiten/", {"wanneer": ""}),
        (
            "/keuzehulp/",
            {"stap": "1", "education": "havo", "work": "no", "goal": "", "over_21": ""},
        ),
        ("/kan-ik-starten/", {**check, "profile": "", "mkb": "", "start": "", "afdrukken": ""}),
        ("/kan-ik-starten/datums.ics", {**check, "mkb": "ja", "start": ""}),
        (
            "/interesse/",
            {"plek": "general", "doelgroep": "havo", "persona": "student", "opleiding": ""}
            | {"activiteit": "", "vraag": "", "niveau": "", "uren": "32", "start": ""},
        ),
        ("/interesse/bedankt/", {"verzonden": "1"}),
        (
            "/werkplekken/",
            {"opleiding": programme.slug, "provincie": "", "postcode": "3511", "afstand": "25"}
            | {"uren": "32", "start": "", "pagina": "1"},
        ),
        (f"/werkplekken/{werkplek.slug}/", {"utm_source": "uwv"}),
        ("/voor/student/", {"variant": "a"}),
        ("/sitemap.xml", {"p": "1"}),
    ]


def test_odd_query_values_on_the_public_pages_never_cause_a_500(site):
    visitor = Client(raise_request_exception=False)
    for path, sensible in query_areas(site):
        for name in sensible:
            for value in [*ODD.values(), [sensible[name], "abc"], ["1", "2", HUGE]]:
                response = visitor.get(path, {**sensible, name: value})
                assert answers(response), (path, name, str(value)[:40], response.status_code)
            response = visitor.get(f"{path}?{name}[]=1&{name}[0]={HUGE}")
            assert answers(response), (path, name, "array syntax")


BAD_PATHS = [
    "/opleidingen/{odd}/",
    "/activiteiten/{odd}/",
    "/voor/{odd}/",
    "/werkplekken/{odd}/",
    "/werkplekken/{odd}/reageren/",
    "/interesse/bevestigen/{odd}/",
    "/interesse/intrekken/{odd}/",
    "/mijn/kennismaking/{odd}/",
    "/werkgevers/mijn/plek/{odd}/",
]


@pytest.mark.parametrize("odd", [HUGE, "-1", "²", "%00", "%ff%fe", "x" * 300, "..%2f.."])
def test_made_up_slugs_and_ids_in_paths_get_a_dutch_4xx(personas, odd):
    visitor = Client(raise_request_exception=False)
    for path in BAD_PATHS:
        response = visitor.get(path.format(odd=odd))
        assert 400 <= response.status_code < 500, (path, response.status_code)


PUBLIC = [
    "/",
    "/interesse/",
    "/opleidingen/",
    "/activiteiten/",
    "/keuzehulp/",
    "/kan-ik-starten/",
    "/werkgevers/",
    "/werkgevers/aanmelden/",
    "/werkplekken/",
    "/werkplekken/attendering/",
    "/mijn/link/",
    "/werkgevers/link/",
    "/privacy/",
    "/sitemap.xml",
    "/healthz",
]


def test_head_put_and_delete_on_the_public_pages_never_cause_a_500(site):
    visitor = Client(raise_request_exception=False)
    for path in [*PUBLIC, f"/werkplekken/{site['werkplek'].slug}/reageren/"]:
        for method in ("head", "put", "delete", "options"):
            response = getattr(visitor, method)(path)
            assert answers(response), (method, path, response.status_code)


FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S)
FIELD = re.compile(r"<(?:input|select|textarea)\b([^>]*)>")
ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')


def post_forms(page):
    """(action, {name: value}) of each POST form on the page, one value per field."""
    found = []
    for attributes, body in FORM.findall(page):
        form = dict(ATTRIBUTE.findall(attributes))
        if form.get("method", "").lower() != "post":
            continue
        data = {}
        for field in FIELD.findall(body):
            field = dict(ATTRIBUTE.findall(field))
            if field.get("name") and field.get("type") not in ("submit", "button", "file"):
                data.setdefault(field["name"], html.unescape(field.get("value", "on")))
        found.append((html.unescape(form.get("action", "")), data))
    return found


def test_odd_values_in_the_public_forms_get_the_form_again_never_a_500(site):
    """Each field of each public form on its own odd, left out or a list; the rest as the
    page gave it, with a token of its own so that the form is read, not refused as sent."""
    visitor = Client(raise_request_exception=False)
    pages = [
        "/interesse/",
        "/voor/student/",
        "/werkgevers/aanmelden/",
        "/werkplekken/?postcode=3511",
        f"/werkplekken/{site['werkplek'].slug}/reageren/",
        "/mijn/link/",
        "/werkgevers/link/",
    ]
    values = [HUGE, "²", "a\x00b", "x" * 10_000, ["a", "b"]]
    sent = 0
    for page in pages:
        for action, data in post_forms(visitor.get(page).content.decode()):
            for name in data:
                without = {key: value for key, value in data.items() if key != name}
                for variant in [without, *({**data, name: value} for value in values)]:
                    if "token" in variant:
                        variant = {**variant, "token": new_token()}
                    response = visitor.post(action or page, {**variant, "extra": "1"})
                    assert answers(response), (action, name, response.status_code)
                    sent += 1
    assert sent > 200, "the forms were found and filled in"


@pytest.mark.parametrize("referrer", UNREADABLE)
def test_a_referrer_python_cannot_read_still_gets_the_page(personas, referrer):
    visitor = Client(raise_request_exception=False, HTTP_USER_AGENT=FIREFOX)  # counted
    for path in ("/", "/voor/student/", "/interesse/"):
        assert visitor.get(path, HTTP_REFERER=referrer).status_code == 200, path


@pytest.mark.parametrize("referrer", UNREADABLE)
def test_a_lead_sent_with_a_referrer_python_cannot_read_is_kept(personas, referrer):
    visitor = Client(raise_request_exception=False)
    form = form_fields(visitor.get("/interesse/").content.decode())
    response = visitor.post("/interesse/", {**form, **VALID}, HTTP_REFERER=referrer)
    assert response.status_code == 302
    submission = Submission.objects.get(lead=Lead.objects.get(email="zoe@example.nl"))
    assert submission.page_path == ""


def test_a_persona_address_longer_than_any_slug_is_not_found(personas):
    """Its slug went into a cache key: over 250 characters Django warns that the key breaks
    memcached (a RuntimeWarning, an error under the tests), for a link pasted twice."""
    response = Client(raise_request_exception=False).get(f"/voor/{'student' * 40}/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


# The admin: Django sends a filter it cannot use to ?e=1 (templates/admin/change_list.html says
# so in Dutch); a number too large for a date or for the database is such a filter.
FILTER_REFUSED = "Dit filter kon niet worden toegepast"


@pytest.mark.parametrize(
    "query",
    [
        f"created_at__year={HUGE}",
        f"created_at__year=2026&created_at__month={HUGE}",
        f"created_at__year=-{HUGE}",
        f"id__in=1,{HUGE}",
        f"opleiding={HUGE}",
        f"submissions__persona__id__exact={HUGE}",
        f"submissions__channel__id__exact={HUGE}",
    ],
)
def test_a_number_too_large_in_a_lead_list_filter_gets_the_list_with_a_message(
    admissions, personas, query
):
    make_lead("kim@example.nl")
    admissions.raise_request_exception = False
    response = admissions.get(f"/admin/leads/lead/?{query}", follow=True)
    assert response.status_code == 200
    if "__year" in query:  # too large for a date everywhere; for an id, for SQLite only
        assert FILTER_REFUSED in response.content.decode()
    export = admissions.get(f"/admin/leads/lead/export/?{query}")
    assert export.status_code in (200, 302)


def odd_admin_queries(model_admin):
    """A made-up id too large for the database in each way a list's address can hold one."""
    model = model_admin.model
    queries = [f"id__in=1,{HUGE}", f"o={HUGE}", f"p={HUGE}", f"q={HUGE}"]
    if model_admin.date_hierarchy:
        queries.append(f"{model_admin.date_hierarchy}__year={HUGE}")
    relations = [field.name for field in model._meta.fields if isinstance(field, ForeignKey)]
    queries += [f"{name}={HUGE}" for name in relations[:2]]
    return queries


def test_odd_numbers_in_any_admin_list_never_cause_a_500(admissions, communications, personas):
    make_lead("kim@example.nl")
    for staff in (admissions, communications):
        staff.raise_request_exception = False
        for model, model_admin in admin.site._registry.items():
            url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
            for query in odd_admin_queries(model_admin):
                response = staff.get(f"{url}?{query}")
                assert answers(response), (url, query[:40], response.status_code)


@pytest.mark.parametrize("selected", ["abc", "²", HUGE, "-1.5"])
def test_an_action_for_an_id_that_cannot_be_one_changes_nothing_and_says_so(
    admissions, superuser, selected
):
    lead = make_lead("kim@example.nl")
    for staff, url in ((admissions, "/admin/leads/lead/"), (superuser, "/admin/auth/user/")):
        staff.raise_request_exception = False
        data = {"action": "delete_selected", "_selected_action": [str(lead.pk), selected]}
        response = staff.post(url, data, follow=True)
        assert response.status_code == 200, (url, selected)
        assert "niet in deze lijst staat. Er is niets veranderd." in response.content.decode()
    assert Lead.objects.filter(pk=lead.pk).exists()
