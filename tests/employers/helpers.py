"""Employers and werkplekken for tests, and the registration form as an employer fills it in."""

import itertools
import re

from employers.models import Employer, Werkplek
from tests.factories import make_programme
from tests.leads.helpers import VALID

_numbers = itertools.count(1)


def make_employer(status=Employer.Status.ACTIVE, pc4="3511", place="Utrecht", **overrides):
    n = next(_numbers)
    values = {
        "name": f"Bedrijf {n}",
        "kvk_number": f"{20000000 + n:08d}",
        "sector": Employer.Sector.TECHNIEK,
        "employees": 12,
        "place": place,
        "pc4": pc4,
        "contact_name": f"Contact Persoon{n}",
        "contact_role": "Eigenaar",
        "contact_email": f"contact{n}@bedrijf.example",
        "contact_phone": "030 1234567",
        "status": status,
    }
    values.update(overrides)
    return Employer.objects.create(**values)


def make_werkplek(employer=None, programmes=None, intakes=(), **overrides):
    employer = employer or make_employer()
    n = next(_numbers)
    values = {
        "title": f"Werkplek {n}",
        "hours_per_week": 32,
        "description": "Als {lerende} werk {je} mee in ons team.",
        "place": employer.place,
        "pc4": employer.pc4,
    }
    values.update(overrides)
    werkplek = Werkplek.objects.create(employer=employer, **values)
    werkplek.programmes.set(programmes if programmes is not None else [make_programme()])
    werkplek.intakes.set(intakes)
    return werkplek


COMPANY = {
    "name": "Installatietechniek De Vries",
    "kvk_number": "12345678",
    "sector": "techniek",
    "employees": "12",
    "site": "www.devries-installatie.example",
    "place": "Amersfoort",
    "pc4": "3811 AB",
    "contact_name": "Henk de Vries",
    "contact_role": "Eigenaar",
    "contact_email": "henk@devries-installatie.example",
    "contact_phone": "033 1234567",
    "consent": "on",
}


def place_fields(programme, n=0, **overrides):
    values = {
        "title": "Servicemonteur in opleiding",
        "programmes": [programme.slug],
        "hours_per_week": "32",
        "has_supervisor": "on",
        "description": "Je gaat mee naar klanten en leert {storingen} zoeken.",
        "places": "1",
    }
    values.update(overrides)
    return {f"plek-{n}-{key}": value for key, value in values.items()}


def register(client, programme, places=None, **company):
    """Open the registration page, take its tokens, send the company with its places."""
    page = client.get("/werkgevers/aanmelden/").content.decode()
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    places = places if places is not None else [place_fields(programme)]
    data = {**hidden, **COMPANY, **company}
    for fields in places:
        data.update(fields)
    data["plek-TOTAL_FORMS"] = str(len(places))
    data = {key: value for key, value in data.items() if value is not None}
    return client.post("/werkgevers/aanmelden/", data)


def hidden_fields(html, action):
    form = html[html.index(f'action="{action}"') :]
    form = form[: form.index("</form>")]
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))


def reply(client, werkplek, **fields):
    """Open a werkplek's reply page, take its tokens, send the lead form there."""
    url = werkplek.get_absolute_url() + "reageren/"
    page = client.get(url).content.decode()
    data = {**hidden_fields(page, url), **VALID, **fields}
    data.pop("intent")
    data = {key: value for key, value in data.items() if value is not None}
    return client.post(url, data, HTTP_REFERER=f"http://testserver{url}")


ALERT_URL = "/werkplekken/attendering/"


def ask_alert(client, query="postcode=3511&afstand=25", email="zoe@example.nl", **fields):
    """Search the list as a visitor does, then send its "mail mij nieuwe werkplekken" form."""
    page = client.get(f"/werkplekken/?{query}").content.decode()
    data = {**hidden_fields(page, ALERT_URL), "email": email, **fields}
    return client.post(ALERT_URL, data)


def make_alert(email="zoe@example.nl", pc4="3511", radius=25, confirmed=True, **filters):
    """An alert as asking for it stores one (what fits now is known), confirmed or not."""
    from employers import matching
    from employers.alerts import Alert
    from mkbroute.lib import geo

    search = matching.Search(area=geo.lookup(pc4), radius=radius, **filters)
    alert = Alert.subscribe(email, search)
    if confirmed:
        alert.confirm()
    return alert
