import json
import re

import pytest
from django.utils.formats import date_format

from programmes.models import Programme
from tests.factories import make_event, make_intake, make_programme

pytestmark = pytest.mark.django_db


def json_ld(response):
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_it_shows_rhythm_intakes_requirements_and_workplace(client):
    programme = make_programme(name="Ondernemen", workplace_hours=32, entrance_test=True)
    intake = make_intake(programme, start_in_days=100, deadline_days_before=31)
    html = client.get(programme.get_absolute_url()).content.decode()
    assert "Je werkt 4 dagen per week bij een mkb-bedrijf en je leert 1 dag per week" in html
    assert f'datetime="{intake.start_date:%Y-%m-%d}"' in html
    deadline = date_format(intake.application_deadline, "j F Y")
    assert f"Aanmelden kan tot en met {deadline}" in html
    assert "21+-toets" in html
    assert "Minimaal 32 uur werk per week" in html
    assert "praktijkopleider in het bedrijf" in html


def test_it_shows_events_for_this_programme_only(client):
    programme, other = make_programme(), make_programme()
    mine = make_event(programmes=[programme], title="Open dag voor mij")
    make_event(programmes=[other], title="Open dag voor een ander")
    make_event(programmes=[programme], title="Verlopen open dag", starts_in_days=-10)
    html = client.get(programme.get_absolute_url()).content.decode()
    assert mine.title in html
    assert "Open dag voor een ander" not in html
    assert "Verlopen open dag" not in html


def test_an_unknown_programme_is_a_dutch_404(client):
    response = client.get("/opleidingen/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_an_unpublished_programme_is_a_404(client):
    programme = make_programme(published=False)
    assert client.get(programme.get_absolute_url()).status_code == 404


def test_body_markdown_is_sanitised(client):
    programme = make_programme(
        body="**Sterk** <script>alert(1)</script> [klik](javascript:alert(1)) "
        "<img src=x onerror=alert(1)>"
    )
    html = client.get(programme.get_absolute_url()).content.decode()
    assert "<strong>Sterk</strong>" in html
    assert "<script>alert" not in html
    assert "javascript:" not in html
    assert "onerror" not in html


@pytest.mark.parametrize(
    ("degree", "ec", "years", "credential"),
    [
        (Programme.Degree.AD, 120, 2, "Associate degree"),
        (Programme.Degree.BACHELOR, 240, 4, "Bachelor"),
    ],
)
def test_each_programme_carries_work_based_program_json_ld(client, degree, ec, years, credential):
    programme = make_programme(
        name="Logistiek",
        degree=degree,
        ec=ec,
        duration_years=years,
        occupation="Planner",
        summary="Plan de keten </script><script>alert(1)</script>",
    )
    later = make_intake(programme, start_in_days=300)
    first = make_intake(programme, start_in_days=60, deadline_days_before=20)
    make_intake(programme, start_in_days=-30)
    response = client.get(programme.get_absolute_url())
    data = json_ld(response)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "WorkBasedProgram"
    assert data["name"] == f"{credential} Logistiek"
    assert data["description"] == programme.summary
    assert data["url"] == f"http://testserver{programme.get_absolute_url()}"
    assert data["provider"]["@type"] == "EducationalOrganization"
    assert data["provider"]["name"]
    assert data["educationalCredentialAwarded"] == credential
    assert data["numberOfCredits"]["value"] == ec
    assert data["timeToComplete"] == f"P{years}Y"
    assert data["educationalProgramMode"] == "blended"
    assert "21+-toets" in data["programPrerequisites"]
    assert data["occupationalCategory"] == "Planner"
    assert data["startDate"] == first.start_date.isoformat()
    assert data["applicationDeadline"] == first.application_deadline.isoformat()
    assert later.start_date.isoformat() != data["startDate"]
    assert "</script><script>" not in response.content.decode()


def test_json_ld_leaves_out_dates_when_no_intake_is_planned(client):
    programme = make_programme()
    data = json_ld(client.get(programme.get_absolute_url()))
    assert "startDate" not in data and "applicationDeadline" not in data


def test_the_page_has_a_meta_description_and_open_graph_tags(client):
    programme = make_programme(name="Bedrijfskunde", summary="Verbeter organisaties van binnenuit.")
    html = client.get(programme.get_absolute_url()).content.decode()
    assert '<meta name="description" content="Verbeter organisaties van binnenuit.">' in html
    assert '<meta property="og:title" content="Bedrijfskunde">' in html
    assert (
        f'<meta property="og:url" content="http://testserver{programme.get_absolute_url()}">'
        in html
    )
