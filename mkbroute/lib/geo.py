"""Where a Dutch PC4 lies, and how far apart two of them are, from a table shipped with the site.

mkbroute/lib/data/pc4.csv is built by `manage.py build_pc4_table` from GeoNames' postal codes
for the Netherlands (CC BY 4.0: the site names the source, see ATTRIBUTION). Each PC4 has the
point GeoNames gives its main place, so a distance is between those points, not addresses:
within a few kilometres, which is what a radius of tens of kilometres asks. Nothing here asks a
web service.
"""

import csv
import functools
import math
import re
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext_lazy as _

DATA = Path(__file__).resolve().parent / "data"
TABLE = DATA / "pc4.csv"  # one row per PC4: its main place
PLACES = DATA / "places.csv"  # one row per place name, also of places no PC4 has as main place
# CC BY 4.0 asks to name the source where users see the data: the privacy page and the table.
ATTRIBUTION = _("Postcodegegevens: GeoNames (geonames.org), CC BY 4.0")
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


def read(path):
    """The Areas of a table written by build_pc4_table, in its order."""
    with open(path, encoding="utf-8", newline="") as table:
        rows = csv.DictReader(line for line in table if not line.startswith("#"))
        return [
            Area(row["pc4"], row["place"], row["province"], float(row["lat"]), float(row["lon"]))
            for row in rows
        ]


@functools.cache
def areas():
    return {area.pc4: area for area in read(TABLE)}


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
    """{lower-case place name: one Area of it}, for telling where a typed place lies: every
    place GeoNames gives a PC4, also a village that shares its PC4 with a larger place."""
    return {area.place.lower(): area for area in read(PLACES)}


def find_place(name):
    """An Area of the Dutch place called name, or None when the Netherlands has none."""
    key = " ".join((name or "").split()).lower()
    return place_areas().get(ALIASES.get(key, key))
