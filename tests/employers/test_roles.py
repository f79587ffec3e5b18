import pytest

from programmes.models import Scheme
from tests.factories import make_lead

from .helpers import make_employer, make_werkplek

pytestmark = pytest.mark.django_db


def test_communications_reach_no_contact_person_and_no_introduction(communications):
    employer = make_employer(contact_name="Henk Geheim")
    werkplek = make_werkplek(employer=employer)
    lead = make_lead("zoe@example.nl")
    for url in [
        "/admin/employers/employer/",
        f"/admin/employers/employer/{employer.pk}/change/",
        "/admin/employers/introduction/",
        f"/admin/employers/introduction/voorstellen/{lead.pk}/{werkplek.pk}/",
        "/admin/zonder-werkplek/",
        "/admin/zonder-werkplek/?format=csv",
        f"/admin/leads/lead/{lead.pk}/change/",
    ]:
        assert communications.get(url).status_code == 403, url
    results = communications.get("/admin/resultaten/").content.decode()
    assert "werkplekken-title" not in results
    index = communications.get("/admin/").content.decode()
    assert "Henk Geheim" not in index and "/admin/employers/employer/" not in index


def test_communications_edit_the_employer_texts_and_schemes(communications):
    response = communications.post(
        "/admin/employers/employersection/add/",
        {
            "heading": "Wat het u oplevert",
            "body": "Een {lerende} die blijft.",
            "order": 1,
            "published": "on",
        },
    )
    assert response.status_code == 302
    response = communications.post(
        "/admin/programmes/scheme/add/",
        {
            "name": "Regeling",
            "audience": "werkgever",
            "summary": "Tekst",
            "source_url": "https://www.rijksoverheid.nl/onderwerpen/scholing",
            "order": 1,
        },
    )
    assert response.status_code == 302 and Scheme.objects.exists()


def test_admissions_manage_employers_places_and_see_the_contact(admissions):
    employer = make_employer(contact_name="Henk Geheim")
    page = admissions.get(f"/admin/employers/employer/{employer.pk}/change/").content.decode()
    assert "Henk Geheim" in page
    assert admissions.get("/admin/employers/werkplek/add/").status_code == 200
    assert admissions.get("/admin/zonder-werkplek/").status_code == 200


def test_the_admin_start_page_shows_each_role_its_own_tasks(admissions, communications):
    tasks = admissions.get("/admin/").content.decode()
    assert "Nieuwe werkgevers screenen" in tasks
    assert "/admin/employers/employer/?status__exact=aangemeld" in tasks
    assert "/admin/zonder-werkplek/" in tasks
    others = communications.get("/admin/").content.decode()
    assert "Nieuwe werkgevers screenen" not in others and "/admin/zonder-werkplek/" not in others
    assert "Proeven met personateksten" in others
    assert "Proeven met personateksten" not in tasks
