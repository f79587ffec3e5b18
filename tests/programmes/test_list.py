import pytest

from programmes.models import Programme
from tests.factories import make_field, make_location, make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    ict, zorg = make_field("HBO-ICT"), make_field("Zorg")
    utrecht, zwolle = make_location("Utrecht"), make_location("Zwolle")
    return {
        "ad_ict": make_programme(name="Software Development", field=ict, locations=[utrecht]),
        "ba_ict": make_programme(
            name="HBO-ICT",
            degree=Programme.Degree.BACHELOR,
            ec=240,
            duration_years=4,
            field=ict,
            locations=[zwolle],
        ),
        "ad_zorg": make_programme(name="Management in de zorg", field=zorg, locations=[zwolle]),
        "hidden": make_programme(name="Geheime opleiding", field=ict, published=False),
        "fields": (ict, zorg),
        "locations": (utrecht, zwolle),
    }


def names(response):
    return sorted(p.name for p in response.context["programmes"])


def test_it_lists_only_published_programmes(client, catalogue):
    response = client.get("/opleidingen/")
    assert response.status_code == 200
    assert names(response) == ["HBO-ICT", "Management in de zorg", "Software Development"]
    assert "Geheime opleiding" not in response.content.decode()


def test_it_filters_by_degree_field_and_location(client, catalogue):
    ict = catalogue["fields"][0]
    zwolle = catalogue["locations"][1]
    assert names(client.get("/opleidingen/?degree=ad")) == [
        "Management in de zorg",
        "Software Development",
    ]
    assert names(client.get(f"/opleidingen/?field={ict.slug}")) == [
        "HBO-ICT",
        "Software Development",
    ]
    assert names(client.get(f"/opleidingen/?location={zwolle.slug}&degree=bachelor")) == ["HBO-ICT"]


@pytest.mark.parametrize(
    "query",
    [
        "degree=master",
        "field=bestaat-niet",
        "location=%00",
        "degree[]=ad",
        "field=1%27%20OR%201=1",
        "location=" + "x" * 5000,
        "degree=&page=-1",
        "field=%ff%fe",
    ],
)
def test_it_ignores_garbage_filter_values(client, catalogue, query):
    response = client.get(f"/opleidingen/?{query}")
    assert response.status_code == 200
    assert len(response.context["programmes"]) >= 2
    assert "is-invalid" not in response.content.decode()


def test_a_filter_that_matches_nothing_says_so_in_dutch(client, catalogue):
    zorg, utrecht = catalogue["fields"][1], catalogue["locations"][0]
    response = client.get(f"/opleidingen/?field={zorg.slug}&location={utrecht.slug}")
    assert "Geen opleiding past bij deze keuze" in response.content.decode()


def test_the_filter_form_keeps_the_chosen_values(client, catalogue):
    ict = catalogue["fields"][0]
    html = client.get(f"/opleidingen/?field={ict.slug}").content.decode()
    assert f'<option value="{ict.slug}" selected>' in html


def test_the_filter_is_a_plain_get_form_without_script(client, catalogue):
    html = client.get("/opleidingen/").content.decode()
    assert '<form method="get"' in html
    assert "<script" not in html
