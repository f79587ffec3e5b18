import csv

import pytest

from mkbroute.lib import geo


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


@pytest.mark.slow
def test_the_shipped_table_is_what_the_registry_packages_give():
    """mkbroute/data/pc4.csv is rebuilt by `manage.py build_pc4_table`: no hand edits."""
    from mkbroute.management.commands.build_pc4_table import build_rows

    with open(geo.TABLE, encoding="utf-8", newline="") as table:
        shipped = [tuple(row) for row in csv.reader(table)][1:]
    assert shipped == build_rows()
