import datetime
import json
import re

import pytest
from django.test import Client
from django.utils import timezone

from employers import matching
from employers.models import Employer, Werkplek
from mkbroute.lib.content import content_version, forget_version
from tests.factories import make_intake, make_programme, make_student_tone, make_tone
from tests.helpers import count_queries, form_data
from tests.leads.helpers import submit

from .helpers import make_employer, make_werkplek, register, reply

pytestmark = pytest.mark.django_db


def titles(client, url="/werkplekken/"):
    page = client.get(url).content.decode()
    return set(re.findall(r'<h3 class="h5 card-title"><a href="[^"]+">([^<]+)</a>', page))


def json_ld(page):
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return json.loads(block.group(1))


def test_only_open_places_of_screened_employers_are_public(client):
    make_werkplek(title="Actief", employer=make_employer(status=Employer.Status.ACTIVE))
    make_werkplek(title="Gescreend", employer=make_employer(status=Employer.Status.SCREENED))
    make_werkplek(title="Aangemeld", employer=make_employer(status=Employer.Status.REGISTERED))
    make_werkplek(title="Gestopt", employer=make_employer(status=Employer.Status.STOPPED))
    make_werkplek(title="Vervuld", status=Werkplek.Status.FILLED)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    make_werkplek(title="Verlopen", open_until=yesterday)
    assert titles(client) == {"Actief", "Gescreend"}


def test_filters_by_programme_province_hours_and_start(client):
    ict, zorg = make_programme(name="ICT"), make_programme(name="Zorg")
    september = make_intake(ict, start_in_days=200)
    later = make_intake(ict, start_in_days=400)
    make_werkplek(title="ICT Utrecht", programmes=[ict], intakes=[september])
    make_werkplek(title="ICT Zwolle later", programmes=[ict], intakes=[later], pc4="8011")
    make_werkplek(title="Zorg Utrecht 24", programmes=[zorg], hours_per_week=24)
    assert titles(client, f"/werkplekken/?opleiding={ict.slug}") == {
        "ICT Utrecht",
        "ICT Zwolle later",
    }
    assert titles(client, "/werkplekken/?provincie=OV") == {"ICT Zwolle later"}
    assert titles(client, "/werkplekken/?uren=24") == {"Zorg Utrecht 24"}
    start = f"{september.start_date:%Y-%m}"
    assert titles(client, f"/werkplekken/?start={start}") == {"ICT Utrecht"}


def test_distance_from_a_postcode_and_what_lies_further_away(client):
    make_werkplek(title="Utrecht", pc4="3511")
    make_werkplek(title="Amersfoort", pc4="3811", place="Amersfoort")  # about 20 km
    make_werkplek(title="Groningen", pc4="9711", place="Groningen")  # about 170 km
    assert titles(client, "/werkplekken/?postcode=3512&afstand=10") == {"Utrecht"}
    assert titles(client, "/werkplekken/?postcode=3512&afstand=25") == {"Utrecht", "Amersfoort"}
    page = client.get("/werkplekken/?postcode=3512+AB&afstand=25").content.decode()
    assert "Verder weg ligt nog 1 werkplek die past" in page
    assert re.search(r"dichtstbijzijnde op 1[5-9]\d km", page)
    # Nearest first.
    assert page.index(">Utrecht<") < page.index(">Amersfoort<")
    nothing = client.get("/werkplekken/?postcode=9407&afstand=10").content.decode()
    assert "0 werkplekken gevonden" in nothing and "Verder weg liggen nog 3" in nothing


def test_the_list_offers_the_distances_and_starts_at_the_matching_radius(client):
    make_werkplek(title="Utrecht", pc4="3511")
    make_werkplek(title="Utrecht Oost", pc4="3584")
    offered = re.findall(
        r'<option value="(\d+)"( selected)?>\d+ km</option>',
        client.get("/werkplekken/").content.decode(),
    )
    assert [int(km) for km, _selected in offered] == list(matching.DISTANCE_CHOICES_KM)
    assert [int(km) for km, selected in offered if selected] == [matching.RADIUS_KM]
    assert sorted(matching.DISTANCE_CHOICES_KM) == list(matching.DISTANCE_CHOICES_KM)
    page = client.get("/werkplekken/?postcode=3512").content.decode()
    assert f"2 werkplekken gevonden binnen {matching.RADIUS_KM} km van Utrecht" in page


def nearest_titles(page):
    """The titles offered under "De dichtstbijzijnde werkplekken", in their order."""
    if 'id="dichtstbijzijnde"' not in page:
        return []
    part = page[page.index('id="dichtstbijzijnde"') :]
    return re.findall(r'<h3 class="h5 card-title"><a href="[^"]+">([^<]+)</a>', part)


def test_when_nothing_lies_within_the_largest_distance_the_nearest_places_are_offered(client):
    """Issue 23: at the largest distance, 'choose a larger distance' is no answer."""
    make_werkplek(title="Utrecht", pc4="3511")
    make_werkplek(title="Amersfoort", pc4="3811", place="Amersfoort")
    make_werkplek(title="Groningen", pc4="9711", place="Groningen")
    page = client.get("/werkplekken/?postcode=4542&afstand=50").content.decode()  # Hoek
    assert "0 werkplekken gevonden binnen 50 km van Hoek" in page
    assert "Kies een grotere afstand" not in page
    assert '<h2 class="h4" id="dichtstbijzijnde">' in page
    assert "Binnen 50 km ligt geen werkplek die past." in page
    assert nearest_titles(page) == ["Utrecht", "Amersfoort", "Groningen"]
    assert re.search(r"Utrecht · 1[0-9]\d km", page)
    # The headings stay in order: h1, then h2, then a card's h3.
    levels = re.findall(r"<h([1-6])", page.split("<footer")[0])
    assert levels[:3] == ["1", "2", "3"]


def test_a_larger_distance_is_suggested_only_where_it_would_find_something(client):
    make_werkplek(title="Amersfoort", pc4="3811", place="Amersfoort")  # about 20 km
    page = client.get("/werkplekken/?postcode=3512&afstand=10").content.decode()
    assert "Kies een grotere afstand om ze te zien." in page and nearest_titles(page) == []
    far = client.get("/werkplekken/?postcode=9407&afstand=10").content.decode()  # Assen
    assert "Kies een grotere afstand" not in far
    assert nearest_titles(far) == ["Amersfoort"]
    # Something within the radius, the rest far away: no larger distance, no nearest list.
    make_werkplek(title="Groningen", pc4="9711", place="Groningen")
    both = client.get("/werkplekken/?postcode=9407&afstand=50").content.decode()
    assert "Verder weg ligt nog 1 werkplek die past" in both
    assert "Kies een grotere afstand" not in both and nearest_titles(both) == []


def test_without_a_postcode_the_list_says_a_postcode_gives_nearby_places(client):
    make_werkplek(title="Utrecht", pc4="3511")
    page = client.get("/werkplekken/").content.decode()
    hint = (
        "Vul een postcode in: dan zie je de werkplekken bij jou in de buurt, "
        "de dichtstbijzijnde eerst."
    )
    assert hint in page
    assert hint not in client.get("/werkplekken/?postcode=3511").content.decode()


@pytest.mark.parametrize("postcode", ["0000", "1000", "abcd", "B-2000"])
def test_an_unknown_postcode_gets_a_message_not_a_500(client, postcode):
    make_werkplek(title="Utrecht")
    response = client.get("/werkplekken/", {"postcode": postcode, "afstand": "10"})
    assert response.status_code == 200
    assert "Deze postcode kennen we niet in Nederland" in response.content.decode()


def test_junk_filter_values_never_answer_500(client):
    make_werkplek()
    for query in ["afstand=9999", "uren=-1", "start=2027-13", "opleiding=%00", "postcode=%00"]:
        assert client.get(f"/werkplekken/?{query}").status_code == 200


def test_a_place_page_carries_a_valid_job_posting(client):
    programme = make_programme(name="Engineering")
    employer = make_employer(name="De Vries Installatie", website="https://devries.example")
    werkplek = make_werkplek(
        employer=employer,
        programmes=[programme],
        title="Servicemonteur",
        salary_min=2200,
        salary_max=2800,
        hours_per_week=32,
    )
    page = client.get(werkplek.get_absolute_url()).content.decode()
    data = json_ld(page)
    assert data["@context"] == "https://schema.org" and data["@type"] == "JobPosting"
    assert data["title"] == "Servicemonteur"
    assert "ons team" in data["description"]
    assert datetime.date.fromisoformat(data["datePosted"]) <= timezone.localdate()
    assert data["validThrough"] == werkplek.open_until.isoformat()
    assert data["validThrough"] >= data["datePosted"]
    assert data["employmentType"] == "PART_TIME"
    assert data["hiringOrganization"] == {
        "@type": "Organization",
        "name": "De Vries Installatie",
        "sameAs": "https://devries.example",
    }
    address = data["jobLocation"]["address"]
    assert address["addressCountry"] == "NL" and address["postalCode"] == "3511"
    assert address["addressRegion"] == "Utrecht"
    assert "Engineering" in data["educationRequirements"]
    assert data["baseSalary"]["value"]["minValue"] == 2200
    # The contact person is not public.
    assert employer.contact_email not in page and employer.contact_name not in page
    assert f'href="{programme.get_absolute_url()}"' in page


def test_places_are_in_the_sitemap_until_they_close(client):
    open_place = make_werkplek()
    closed = make_werkplek(status=Werkplek.Status.CLOSED)
    sitemap = client.get("/sitemap.xml").content.decode()
    assert open_place.get_absolute_url() in sitemap
    assert closed.get_absolute_url() not in sitemap
    assert "/werkplekken/</loc>" in sitemap and "/werkgevers/</loc>" in sitemap


def test_a_closed_or_unscreened_place_is_not_found(client):
    for werkplek in (
        make_werkplek(status=Werkplek.Status.CLOSED),
        make_werkplek(employer=make_employer(status=Employer.Status.REGISTERED)),
    ):
        assert client.get(werkplek.get_absolute_url()).status_code == 404
        assert client.get(werkplek.get_absolute_url() + "reageren/").status_code == 404


def test_the_list_costs_the_same_queries_for_three_places_or_thirty(client, settings):
    settings.PAGE_CACHE_SECONDS = 0  # count what rendering costs, not the page cache
    programme = make_programme()
    for _n in range(3):
        make_werkplek(programmes=[programme])
    few = count_queries(client, "/werkplekken/?postcode=3511")
    for _n in range(27):
        make_werkplek(programmes=[programme])
    assert count_queries(client, "/werkplekken/?postcode=3511") == few
    werkplek = Werkplek.objects.first()
    assert count_queries(client, werkplek.get_absolute_url()) <= 6


def test_list_and_place_pages_are_cached_per_tone(client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    make_tone(slug="neutraal", is_default=True)
    make_student_tone()
    werkplek = make_werkplek(description="Als {lerende} leer {je} veel.")
    neutral = client.get(werkplek.get_absolute_url()).content.decode()
    assert count_queries(client, werkplek.get_absolute_url()) == 0
    assert count_queries(client, "/werkplekken/") == 0
    client.cookies["toon"] = "student"
    student = client.get(werkplek.get_absolute_url()).content.decode()
    assert "Als student leer je veel." in student
    assert "Als student" not in neutral


def test_an_edit_in_the_admin_shows_at_once(client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    werkplek = make_werkplek(title="Oude titel")
    assert "Oude titel" in client.get("/werkplekken/").content.decode()
    werkplek.title = "Nieuwe titel"
    werkplek.save()
    assert "Nieuwe titel" in client.get("/werkplekken/").content.decode()
    werkplek.status = Werkplek.Status.FILLED
    werkplek.save()
    assert "Nieuwe titel" not in client.get("/werkplekken/").content.decode()


def rendered(response):
    return [template.name for template in response.templates]


def test_a_werkplek_s_edit_leaves_the_catalogue_s_pages_in_the_cache(client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    make_tone(slug="neutraal", is_default=True)
    programme = make_programme(name="Associate degree Techniek")
    werkplek = make_werkplek(title="Oude titel", programmes=[programme])
    pages = ["/", "/opleidingen/", programme.get_absolute_url()]
    for url in [*pages, "/werkplekken/", werkplek.get_absolute_url()]:
        client.get(url)

    werkplek.title = "Nieuwe titel"
    werkplek.save()
    for url in pages:
        assert rendered(client.get(url)) == [], f"{url} from the cache"
    assert "Nieuwe titel" in client.get("/werkplekken/").content.decode()
    assert "Nieuwe titel" in client.get(werkplek.get_absolute_url()).content.decode()

    # A werkplek's page shows its programmes: an edit of the catalogue shows there at once.
    programme.name = "Associate degree Installatietechniek"
    programme.save()
    page = client.get(werkplek.get_absolute_url()).content.decode()
    assert "Associate degree Installatietechniek" in page
    assert "Associate degree Installatietechniek" in client.get("/opleidingen/").content.decode()


def test_admissions_choose_a_werkplek_s_programmes_and_intakes_in_the_admin(admissions):
    ict, bouw = make_programme(name="ICT"), make_programme(name="Bouw")
    september = make_intake(ict, start_in_days=200)
    werkplek = make_werkplek(programmes=[ict])
    url = f"/admin/employers/werkplek/{werkplek.pk}/change/"
    page = admissions.get(url).content.decode()
    assert 'class="selectfilter"' in page, "the two-list picker, as filter_horizontal gives"
    form = form_data(page, "werkplek_form")
    response = admissions.post(
        url, {**form, "programmes": [ict.pk, bouw.pk], "intakes": [september.pk]}
    )
    assert response.status_code == 302
    assert set(werkplek.programmes.all()) == {ict, bouw}
    assert list(werkplek.intakes.all()) == [september]


def test_a_werkplek_s_admin_page_asks_as_many_queries_for_many_intakes_as_for_few(admissions):
    werkplek = make_werkplek()
    url = f"/admin/employers/werkplek/{werkplek.pk}/change/"
    programmes = [make_programme(name=f"Opleiding {n}") for n in range(4)]
    make_intake(programmes[0])
    few = count_queries(admissions, url)
    for programme in programmes:
        for days in (200, 400):
            make_intake(programme, start_in_days=days)
    assert count_queries(admissions, url) == few


def test_an_anonymous_registration_reply_or_question_leaves_the_cached_pages_in_place(
    client, settings
):
    """Unscreened data changes nothing public: a flood of registrations must not empty the
    page cache for every visitor."""
    settings.PAGE_CACHE_SECONDS = 600
    werkplek = make_werkplek(title="Al zichtbaar")
    programme = werkplek.programmes.get()
    assert "Al zichtbaar" in client.get("/werkplekken/").content.decode()
    version = content_version()

    assert register(Client(), programme).status_code == 302
    assert reply(Client(), werkplek).status_code == 302
    assert submit(Client(), email="iemand@example.nl").status_code == 302

    forget_version()
    assert content_version() == version
    assert count_queries(client, "/werkplekken/") == 0


def test_screening_an_employer_shows_its_places_at_once_and_stopping_takes_them_off(
    client, settings, admissions
):
    settings.PAGE_CACHE_SECONDS = 600
    employer = make_employer(status=Employer.Status.REGISTERED)
    make_werkplek(employer=employer, title="Monteur in opleiding")
    assert "Monteur in opleiding" not in titles(client)
    employer.refresh_from_db()  # as the admin reads it
    employer.move_to(Employer.Status.SCREENED)
    employer.save()
    assert "Monteur in opleiding" in titles(client)
    employer = Employer.objects.get(pk=employer.pk)
    employer.move_to(Employer.Status.STOPPED)
    employer.save()
    assert "Monteur in opleiding" not in titles(client)


def test_an_edit_of_a_place_nobody_sees_leaves_the_cached_pages_in_place(client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    hidden = make_werkplek(employer=make_employer(status=Employer.Status.REGISTERED))
    make_werkplek(title="Al zichtbaar")
    other_programme = make_programme(name="Nieuw")
    client.get("/werkplekken/")
    version = content_version()
    hidden = Werkplek.objects.get(pk=hidden.pk)
    hidden.title = "Nog niet gescreend"
    hidden.save()
    hidden.programmes.add(other_programme)
    forget_version()
    assert content_version() == version
