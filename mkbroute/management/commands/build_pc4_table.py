"""Rebuild mkbroute/lib/data/pc4.csv, the table of Dutch PC4 areas the site measures distances
with, and places.csv beside it, from GeoNames' postal codes for the Netherlands (CC BY 4.0).

The source is the shared reference beside the repository (../shared/reference/geonames-nl/,
whose README says where it comes from and how it compares). A PC4 that spans several places has
a row per place there, its main place first: pc4.csv keeps that one, so each PC4 has one place,
province and point. places.csv keeps every place name once (at its first PC4), so that a
village that is nowhere the main place is still known by name. Read with the standard library.
"""

import csv
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from mkbroute.lib import geo

SOURCE = settings.BASE_DIR.parent / "shared" / "reference" / "geonames-nl" / "nl-postcodes.csv"

# GeoNames' first-level codes of the Dutch provinces (its names are English: "Guelders").
GEONAMES_PROVINCES = {
    "01": "DR",
    "02": "FR",
    "03": "GE",
    "04": "GR",
    "05": "LI",
    "06": "NB",
    "07": "NH",
    "09": "UT",
    "10": "ZE",
    "11": "ZH",
    "15": "OV",
    "16": "FL",
}
# Misspellings in the source, put right so that people find the place by its name.
SPELLING = {"Ohéen Laak": "Ohé en Laak"}
HEADER = [
    "# Dutch PC4 areas and places: place, province (code; names in mkbroute/lib/geo.py) and the",
    "# point GeoNames gives it. Built by `manage.py build_pc4_table`; no hand edits.",
    "# Source: GeoNames postal codes for the Netherlands, https://www.geonames.org/,",
    "# licence CC BY 4.0, https://creativecommons.org/licenses/by/4.0/",
]


def read_source(source):
    """[(pc4, place, province, lat, lon)] of every Dutch row, in the source's order."""
    rows = []
    with open(source, encoding="utf-8", newline="") as table:
        for row in csv.DictReader(table):
            if row["country_code"] != "NL":
                continue
            province = GEONAMES_PROVINCES.get(row["state_code"])
            if province is None:
                raise CommandError(f"Onbekende provincie {row['state']!r} bij {row['zipcode']}")
            place = SPELLING.get(row["place"], row["place"])
            lat, lon = f"{float(row['latitude']):.4f}", f"{float(row['longitude']):.4f}"
            rows.append((row["zipcode"], place, province, lat, lon))
    return rows


def build_rows(source=SOURCE):
    """pc4.csv: the main (first) row of each PC4, by PC4."""
    main = {}
    for row in read_source(source):
        main.setdefault(row[0], row)
    return sorted(main.values())


def build_places(source=SOURCE):
    """places.csv: each place name once, at its first PC4 (its main row there if it has one)."""
    rows = read_source(source)
    ranked = sorted(enumerate(rows), key=lambda item: (item[1][0], item[0]))
    found = {}
    for _n, row in ranked:
        found.setdefault(row[1].lower(), row)
    return sorted(found.values(), key=lambda row: (row[1].lower(), row[0]))


class Command(BaseCommand):
    help = (
        "Rebuild mkbroute/lib/data/pc4.csv (one row per PC4: main place, province, point) and "
        "places.csv (every place name once) from GeoNames' Dutch postal codes, by default "
        "../shared/reference/geonames-nl/nl-postcodes.csv beside the repository. Run it when "
        "that reference updates."
    )

    def add_arguments(self, parser):
        parser.add_argument("--source", type=Path, default=SOURCE, help="the GeoNames CSV")
        parser.add_argument(
            "--output", type=Path, default=geo.DATA, help="the folder to write both tables to"
        )

    def handle(self, *args, source, output, **options):
        if not source.exists():
            raise CommandError(f"De GeoNames-bron staat niet op {source}")
        rows, places = build_rows(source), build_places(source)
        write(output / geo.TABLE.name, rows, "one row per PC4: its main place")
        write(output / geo.PLACES.name, places, "one row per place name, at its first PC4")
        self.stdout.write(
            f"{len(rows)} PC4-gebieden en {len(places)} plaatsnamen geschreven naar {output}"
        )


def write(path, rows, what):
    with open(path, "w", newline="", encoding="utf-8") as table:
        lines = [f"# {path.name}: {what}.", *HEADER, f"# {geo.ATTRIBUTION}"]
        table.writelines(f"{line}\n" for line in lines)
        writer = csv.writer(table, lineterminator="\n")
        writer.writerow(["pc4", "place", "province", "lat", "lon"])
        writer.writerows(rows)
