import pytest
from django.core.exceptions import ValidationError

from programmes.models import AdmissionRoute, Programme
from tests.factories import make_field, make_location, make_programme, uploaded_image

pytestmark = pytest.mark.django_db


def test_staff_put_a_programme_online_with_an_image_and_an_intake(admin_client, client):
    field, location = make_field("Logistiek"), make_location("Zwolle")
    response = admin_client.post(
        "/admin/programmes/programme/add/",
        {
            "name": "Supply Chain Management",
            "slug": "ad-scm",
            "degree": "ad",
            "field": field.pk,
            "croho_code": "80073",
            "ec": 120,
            "duration_years": 2,
            "study_days": "1",
            "work_days": "4",
            "contact_hours": 6,
            "self_study_hours": 10,
            "locations": [location.pk],
            "admission_requirements": "Mbo-4, havo of vwo.",
            "entrance_test": "on",
            "tuition_eur": "2695",
            "tuition_payer": "employer",
            "workplace_requirements": "Plannen in de keten.",
            "workplace_hours": 24,
            "workplace_supervisor": "on",
            "summary": "Plan de hele keten.",
            "body": "",
            "image": uploaded_image("keten.jpg", size=(1200, 800)),
            "image_alt": "",
            "published": "on",
            "order": 1,
            "intakes-TOTAL_FORMS": 1,
            "intakes-INITIAL_FORMS": 0,
            "intakes-0-start_date": "2027-09-01",
            "intakes-0-application_deadline": "2027-08-01",
            "intakes-0-admission_right_until": "2027-05-01",
            "admission_routes-TOTAL_FORMS": 2,
            "admission_routes-INITIAL_FORMS": 0,
            "admission_routes-0-diploma": "mbo4",
            "admission_routes-0-workplace_hours": 24,
            "admission_routes-1-diploma": "havo",
            "admission_routes-1-profiles": ["nt", "ng"],
            "exemptions-TOTAL_FORMS": 0,
            "exemptions-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    programme = Programme.objects.get(slug="ad-scm")
    assert programme.image_width == 1200
    assert programme.intakes.get().admission_right_until.isoformat() == "2027-05-01"
    routes = {route.diploma: route.profiles for route in programme.admission_routes.all()}
    assert routes == {"mbo4": [], "havo": ["nt", "ng"]}
    assert "Supply Chain Management" in client.get("/opleidingen/").content.decode()


def test_the_admin_links_each_programme_to_its_page_on_the_site(admin_client):
    field = make_field()
    programme = Programme.objects.create(
        name="Ondernemen",
        slug="ad-ondernemen",
        degree="ad",
        field=field,
        croho_code="80054",
        ec=120,
        duration_years=2,
        admission_requirements="-",
        workplace_requirements="-",
        tuition_eur=2695,
        summary="-",
        published=True,
    )
    html = admin_client.get(f"/admin/programmes/programme/{programme.pk}/change/").content.decode()
    assert "Weergeven op website" in html


def test_profiles_are_ticked_only_on_a_havo_or_vwo_route_and_only_the_four_there_are():
    programme = make_programme()
    AdmissionRoute(programme=programme, diploma="vwo", profiles=["nt"]).full_clean()
    with pytest.raises(ValidationError, match="Alleen havo en vwo kennen profielen"):
        AdmissionRoute(programme=programme, diploma="mbo4", profiles=["nt"]).full_clean()
    with pytest.raises(ValidationError, match="Kies alleen profielen uit de lijst"):
        AdmissionRoute(programme=programme, diploma="havo", profiles=["xx"]).full_clean()
