"""Where a Dutch PC4 lies, and how far apart two of them are, from a table shipped with the site.

mkbroute/data/pc4.csv is built by `manage.py build_pc4_table` from two registry packages
(see that command). Each PC4 has the coordinates of the centre of its place, so a distance is
between places, not addresses: within a few kilometres, which is what a radius of tens of
kilometres asks. Nothing here asks a web service.
"""

import csv
import functools
import math
import re
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext_lazy as _

TABLE = Path(__file__).resolve().parent / "data" / "pc4.csv"
PC4 = re.compile(r"^\s*([1-9][0-9]{3})(?:\s*[A-Za-z]{2})?\s*$")  # "1234", "1234 AB", "1234ab"

PROVINCES = {
    "DR": _("Drenthe"),
    "FL": _("Flevoland"),
    "FR": _("Friesland"),
    "GE": _("Gelderland"),
    "GR": _("Groningen"),
    "LI": _("Limburg"),
    "NB": _("Noord-Brabant"),
    "NH": _("Noord-Holland"),
    "OV": _("Overijssel"),
    "UT": _("Utrecht"),
    "ZE": _("Zeeland"),
    "ZH": _("Zuid-Holland"),
}
PROVINCE_CHOICES = sorted(PROVINCES.items(), key=lambda item: str(item[1]))


@dataclass(frozen=True)
class Area:
    pc4: str
    place: str
    province: str
    lat: float
    lon: float

    @property
    def province_name(self):
        return PROVINCES.get(self.province, "")


@functools.cache
def areas():
    with open(TABLE, encoding="utf-8", newline="") as table:
        return {
            row["pc4"]: Area(
                row["pc4"], row["place"], row["province"], float(row["lat"]), float(row["lon"])
            )
            for row in csv.DictReader(table)
        }


def normalise_pc4(text):
    """The four digits of a Dutch postcode ("1234 AB" gives "1234"), or None."""
    match = PC4.match(text or "")
    return match.group(1) if match else None


def lookup(pc4):
    """The Area of a PC4 (or a full postcode), or None when the Netherlands has no such area."""
    return areas().get(normalise_pc4(pc4) or "")


def distance_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in km (haversine): within metres of the truth at this scale."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


# What people call a place, where the postcode table uses its official name.
ALIASES = {"den haag": "'s-gravenhage", "den bosch": "'s-hertogenbosch"}


@functools.cache
def place_areas():
    """{lower-case place name: one Area of it}, for telling where a typed place lies."""
    found = {}
    for area in areas().values():
        found.setdefault(area.place.lower(), area)
    return found


def find_place(name):
    """An Area of the Dutch place called name, or None when the Netherlands has none."""
    key = " ".join((name or "").split()).lower()
    return place_areas().get(ALIASES.get(key, key))
