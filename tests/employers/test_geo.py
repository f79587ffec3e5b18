import csv
import importlib

import pytest
from django.conf import settings

from mkbroute.lib import geo
from tests.helpers import command_output

# Beside the clone, as CI places it: ../shared/reference/ from the repository's root.
REFERENCE = settings.BASE_DIR.parent / "shared" / "reference" / "geonames-nl" / "nl-postcodes.csv"


@pytest.mark.parametrize(
    ("text", "pc4"),
    [("3511", "3511"), ("3511 AB", "3511"), (" 3511ab ", "3511"), ("9711", "9711")],
)
def test_a_dutch_postcode_gives_its_pc4_area(text, pc4):
    area = geo.lookup(text)
    assert area.pc4 == pc4 and area.province in geo.PROVINCES


@pytest.mark.parametrize("text", ["", "0999", "1000", "35111", "B-2000", "abcd", None, "3511 A"])
def test_anything_else_is_no_area(text):
    assert geo.lookup(text) is None


def test_every_dutch_pc4_has_a_place_province_and_coordinates_in_the_netherlands():
    areas = geo.areas()
    assert len(areas) > 4000
    for area in areas.values():
        assert area.place and area.province in geo.PROVINCES
        assert 50.7 < area.lat < 53.6 and 3.3 < area.lon < 7.3, area


def test_distances_between_places_are_right_to_a_few_kilometres():
    utrecht, amersfoort, groningen = (geo.lookup(p) for p in ("3511", "3811", "9711"))
    assert 18 < geo.distance_km(utrecht.lat, utrecht.lon, amersfoort.lat, amersfoort.lon) < 24
    assert 155 < geo.distance_km(utrecht.lat, utrecht.lon, groningen.lat, groningen.lon) < 175


def test_places_are_found_by_the_names_people_use():
    assert geo.find_place("Den Haag").place == "'s-Gravenhage"
    assert geo.find_place("  amersfoort ").place == "Amersfoort"
    assert geo.find_place("Antwerpen") is None


def test_a_village_that_shares_its_pc4_with_a_larger_place_is_known_by_name():
    loosdrecht = geo.find_place("Loosdrecht")  # PC4 1216 and 1231, both under another name
    assert loosdrecht.province == "NH"
    assert geo.distance_km(loosdrecht.lat, loosdrecht.lon, 52.20, 5.12) < 5
    assert geo.find_place("Ohé en Laak").pc4 == "6109"


# Issue 23: the table once joined PC4s to GeoNames by place name, and put these far off.
@pytest.mark.parametrize(
    ("pc4", "province", "lat", "lon"),
    [
        ("4542", "ZE", 51.31, 3.78),  # Hoek, by Terneuzen; was in Friesland
        ("7382", "GE", 52.17, 6.07),  # Klarenbeek, by Apeldoorn; was in Zeeland
        ("6301", "LI", 50.87, 5.83),  # Valkenburg aan de Geul; was in Zuid-Holland
        ("1844", "NH", 52.58, 4.81),  # Driehuizen, by Alkmaar; was beside Apeldoorn
    ],
)
def test_a_pc4_lies_where_it_is_not_where_a_place_of_its_name_lies(pc4, province, lat, lon):
    area = geo.lookup(pc4)
    assert area.province == province
    assert geo.distance_km(area.lat, area.lon, lat, lon) < 5


def test_a_pc4_geonames_does_not_know_is_no_area_rather_than_a_guess():
    # 2765 was put in Gelderland by a place name found there; GeoNames has no such PC4.
    assert geo.lookup("2765") is None


@pytest.mark.parametrize("path", [geo.TABLE, geo.PLACES])
def test_the_tables_name_their_source_and_licence(path):
    with open(path, encoding="utf-8") as table:
        header = "".join(line for line in table if line.startswith("#"))
    attribution = str(geo.ATTRIBUTION)
    assert attribution in header
    assert "GeoNames" in attribution and "CC BY 4.0" in attribution


def reference_rows():
    """The shared GeoNames reference, or a skip that says why it is missing."""
    if not REFERENCE.exists():
        pytest.skip(f"the shared GeoNames reference is not at {REFERENCE}")
    with open(REFERENCE, encoding="utf-8", newline="") as source:
        return list(csv.DictReader(source))


@pytest.mark.slow
def test_the_shipped_tables_are_what_the_reference_gives(tmp_path):
    """mkbroute/lib/data/*.csv are rebuilt by `manage.py build_pc4_table`: no hand edits."""
    reference_rows()
    output = command_output("build_pc4_table", "--output", str(tmp_path))
    assert (tmp_path / "pc4.csv").read_bytes() == geo.TABLE.read_bytes()
    assert (tmp_path / "places.csv").read_bytes() == geo.PLACES.read_bytes()
    assert f"{len(geo.areas())} PC4-gebieden" in output


@pytest.mark.slow
def test_every_pc4_lies_within_5_km_of_its_geonames_point_in_the_same_province():
    """Held against the reference itself, read here without the build command's code."""
    provinces = {  # GeoNames' English names
        "Drenthe": "DR",
        "Flevoland": "FL",
        "Friesland": "FR",
        "Guelders": "GE",
        "Groningen": "GR",
        "Limburg": "LI",
        "North Brabant": "NB",
        "North Holland": "NH",
        "Overijssel": "OV",
        "Utrecht": "UT",
        "Zeeland": "ZE",
        "South Holland": "ZH",
    }
    main = {}
    for row in reference_rows():
        main.setdefault(row["zipcode"], row)  # the first row of a PC4 is its main place
    areas = geo.areas()
    assert set(areas) == set(main)
    for pc4, row in main.items():
        area = areas[pc4]
        lat, lon = float(row["latitude"]), float(row["longitude"])
        assert area.province == provinces[row["state"]], (area, row)
        assert geo.distance_km(area.lat, area.lon, lat, lon) <= 5, (area, row)


@pytest.mark.django_db
def test_places_stored_with_the_old_table_move_to_where_their_pc4_lies():
    from django.apps import apps

    from employers.models import Employer, Werkplek

    from .helpers import make_werkplek

    werkplek = make_werkplek(pc4="4542", place="Hoek")
    gone = make_werkplek(pc4="3511")
    # As the old table stored them: Hoek in Friesland, and a PC4 GeoNames does not know.
    Werkplek.objects.filter(pk=werkplek.pk).update(province="FR", lat=53.205, lon=5.802)
    employer = Employer.objects.filter(pk=werkplek.employer_id)
    employer.update(pc4="4542", province="FR", lat=53.2, lon=5.8)
    Werkplek.objects.filter(pk=gone.pk).update(pc4="2765", province="GE", lat=52.2, lon=5.9)
    migration = importlib.import_module("employers.migrations.0006_places_on_the_geonames_map")
    migration.relocate(apps, None)
    werkplek.refresh_from_db()
    hoek = geo.lookup("4542")
    assert (werkplek.province, werkplek.lat, werkplek.lon) == ("ZE", hoek.lat, hoek.lon)
    assert Employer.objects.get(pk=werkplek.employer_id).province == "ZE"
    gone.refresh_from_db()
    assert (gone.province, gone.lat, gone.lon) == ("", None, None)
