"""Demo employers with open werkplekken in towns and cities of all twelve provinces, demo
schemes for employers (none that has ended), and the employer page's sections."""

import datetime
import random

from django.utils import timezone
from django.utils.text import slugify

from mkbroute.lib import geo
from programmes.demo_admission import store_schemes
from programmes.models import Programme, Scheme

from .models import Employer, EmployerSection, Werkplek

# Name, sector, employees, and the fields of study its places fit: together, every demo
# programme has places in every city that has all six.
COMPANIES = [
    ("Installatiebedrijf {}", "techniek", 12, ["engineering"]),
    ("{} ICT Beheer", "ict", 35, ["ict"]),
    ("Zorggroep {}", "zorg", 180, ["zorg", "bedrijfskunde"]),
    ("Transport {} BV", "handel", 60, ["logistiek"]),
    ("Adviesbureau {}", "zakelijk", 18, ["ondernemen", "bedrijfskunde"]),
    ("Bouwbedrijf {}", "bouw", 45, ["engineering", "ondernemen"]),
]
# Where the demo employers are, roughly as people live (leads/demo.py): towns and cities in all
# twelve provinces, with as many of the six companies as the place is large. A city with all
# six offers two places each; a town with fewer, one each (taking turns over the companies).
CITIES = [
    ("Groningen", "9711", 6),
    ("Winschoten", "9671", 2),
    ("Delfzijl", "9934", 2),
    ("Leeuwarden", "8911", 6),
    ("Sneek", "8601", 3),
    ("Heerenveen", "8441", 3),
    ("Drachten", "9201", 3),
    ("Assen", "9401", 4),
    ("Emmen", "7811", 4),
    ("Meppel", "7941", 2),
    ("Zwolle", "8011", 6),
    ("Enschede", "7511", 6),
    ("Deventer", "7411", 4),
    ("Almelo", "7601", 3),
    ("Almere", "1315", 6),
    ("Lelystad", "8232", 3),
    ("Emmeloord", "8301", 2),
    ("Arnhem", "6811", 6),
    ("Nijmegen", "6511", 6),
    ("Apeldoorn", "7311", 6),
    ("Ede", "6711", 4),
    ("Doetinchem", "7001", 3),
    ("Harderwijk", "3841", 2),
    ("Tiel", "4001", 2),
    ("Utrecht", "3511", 6),
    ("Amersfoort", "3811", 6),
    ("Amsterdam", "1011", 6),
    ("Haarlem", "2011", 6),
    ("Alkmaar", "1811", 4),
    ("Hilversum", "1211", 4),
    ("Hoorn", "1621", 3),
    ("Den Helder", "1781", 2),
    ("Rotterdam", "3011", 6),
    ("Den Haag", "2511", 6),
    ("Leiden", "2311", 6),
    ("Dordrecht", "3311", 4),
    ("Gouda", "2801", 3),
    ("Delft", "2611", 3),
    ("Middelburg", "4331", 4),
    ("Goes", "4461", 3),
    ("Terneuzen", "4531", 2),
    ("Eindhoven", "5611", 6),
    ("Tilburg", "5011", 6),
    ("'s-Hertogenbosch", "5211", 6),
    ("Breda", "4811", 6),
    ("Helmond", "5701", 3),
    ("Oss", "5341", 3),
    ("Bergen op Zoom", "4611", 2),
    ("Maastricht", "6211", 6),
    ("Venlo", "5911", 4),
    ("Heerlen", "6411", 4),
    ("Roermond", "6041", 3),
]
TITLES = {
    "techniek": ["Servicemonteur in opleiding", "Werkvoorbereider", "Junior engineer"],
    "ict": ["Junior developer", "Systeembeheerder", "ICT-consultant in opleiding"],
    "zorg": ["Teamcoördinator zorg", "Kwaliteitsmedewerker zorg"],
    "handel": ["Planner logistiek", "Medewerker supply chain"],
    "zakelijk": ["Junior adviseur", "Bedrijfskundig medewerker"],
    "bouw": ["Calculator in opleiding", "Projectassistent bouw"],
}
DESCRIPTION = (
    "{Je} werkt mee in een klein team. {Je} krijgt een vaste praktijkopleider "
    "en past toe wat {je} op de lesdag leert. We zoeken iemand die nieuwsgierig is en "
    "verantwoordelijkheid wil nemen."
)
SECTIONS = [
    (
        "Wat de Mkb-route uw bedrijf oplevert",
        "- Een medewerker die vier dagen per week bij u werkt en meteen toepast wat hij leert.\n"
        "- Een hbo-opgeleide collega die uw bedrijf al kent.\n"
        "- Nieuwe kennis en vragen uit de opleiding, voor uw bedrijf.\n"
        "- Ook voor uw huidige medewerkers: wie al bij u werkt, kan via de Mkb-route een "
        "Associate degree of bachelor halen.",
    ),
    (
        "Wat de route van u vraagt",
        "- **Werk:** werk dat past bij de opleiding, minimaal het aantal uur per week dat de "
        "opleiding vraagt (zie de tabel met opleidingen hieronder).\n"
        "- **Een praktijkopleider:** iemand in uw bedrijf die tijd heeft om de {lerende} te "
        "begeleiden.\n"
        "- **Salaris:** de {lerende} is bij u in dienst en krijgt een passend salaris.\n"
        "- **Een driepartijenovereenkomst** tussen de {lerende}, uw bedrijf en de hogeschool.",
    ),
    (
        "De driepartijenovereenkomst",
        "Daarin staan de afspraken over de werkplek, de begeleiding en de studie: welke taken "
        "passen bij de opleiding, hoeveel uur per week, wie de praktijkopleider is, hoe de "
        "hogeschool en uw bedrijf contact houden, en wie het collegegeld betaalt.",
    ),
    (
        "Kosten",
        "Het wettelijk collegegeld staat per opleiding in de tabel hieronder. In de "
        "Mkb-route betaalt de werkgever het collegegeld vaak (deels); dat spreekt u af met "
        "uw medewerker. Daarnaast kost de begeleiding tijd van uw praktijkopleider.",
    ),
]


def load(stdout):
    today = timezone.localdate()
    rng = random.Random(2027)
    programmes = list(Programme.objects.published().select_related("field"))
    if not programmes:
        stdout.write("Werkgevers: geen opleidingen, dus geen werkplekken")
        return
    employers = places = 0
    number = 10000000
    for turn, (city, pc4, size) in enumerate(CITIES):
        area = geo.lookup(pc4)
        for n in range(size):
            name, sector, employees, fields = COMPANIES[(turn + n) % len(COMPANIES)]
            fitting = [p for p in programmes if p.field.slug in fields] or programmes
            number += 1
            employer, _created = Employer.objects.update_or_create(
                kvk_number=f"{number + 50000000:08d}",
                defaults={
                    "name": name.format(city),
                    "sector": sector,
                    "employees": employees,
                    "website": f"https://www.example.org/{sector}-{area.pc4}",
                    "place": area.place,
                    "pc4": area.pc4,
                    "contact_name": "Demo Contactpersoon",
                    "contact_role": "Praktijkopleider",
                    "contact_email": f"werkgever{number}@example.org",
                    "status": Employer.Status.ACTIVE,
                },
            )
            employers += 1
            for title in TITLES[sector][: 2 if size == len(COMPANIES) else 1]:
                werkplek, _created = Werkplek.objects.update_or_create(
                    slug=slugify(f"{title} {employer.name}")[:80],
                    defaults={
                        "employer": employer,
                        "title": title,
                        "hours_per_week": rng.choice([24, 28, 32, 32, 36]),
                        "has_supervisor": True,
                        "salary_min": rng.choice([None, 2100, 2400]),
                        "salary_max": rng.choice([None, 2900, 3200]),
                        "description": DESCRIPTION,
                        "places": rng.choice([1, 1, 2]),
                        "place": area.place,
                        "pc4": area.pc4,
                        "open_until": today + datetime.timedelta(days=rng.randint(60, 240)),
                        "status": Werkplek.Status.OPEN,
                    },
                )
                werkplek.programmes.set(fitting)
                places += 1
    for order, (heading, body) in enumerate(SECTIONS, start=1):
        EmployerSection.objects.update_or_create(
            heading=heading, defaults={"body": body, "order": order}
        )
    load_schemes()
    stdout.write(f"Werkgevers: {employers} met {places} open werkplekken in {len(CITIES)} plaatsen")


def load_schemes():
    """Schemes as dated data. STAP and SLIM have ended and are stored as ended: the site
    shows them nowhere, which is what a test checks."""
    schemes = [
        (
            "Fiscale aftrek scholingskosten werkgever",
            "Betaalt u de opleiding van een medewerker, dan is die vergoeding onbelast (een "
            "gerichte vrijstelling in de werkkostenregeling), en de kosten zijn voor uw bedrijf "
            "aftrekbaar. Vraag uw boekhouder naar de voorwaarden.",
            "",
            "https://www.belastingdienst.nl/wps/wcm/connect/bldcontentnl/belastingdienst/"
            "zakelijk/personeel_en_loon/werkkostenregeling/gerichte_vrijstellingen/",
            None,
            None,
            "- De opleiding is gericht op werk, nu of in de toekomst.\n"
            "- Niemand anders vergoedt de kosten al.\n"
            "- U zegt de vergoeding toe vóór het einde van het jaar waarin de kosten vallen.\n",
        ),
        (
            "Sectorfonds (O&O-fonds) van uw branche",
            "Veel branches hebben een opleidings- en ontwikkelingsfonds dat bijdraagt aan "
            "opleidingen van medewerkers. Kijk bij het fonds van uw cao.",
            "verschilt per fonds",
            "https://samenwerkendeoeno.nl/faq/",
            None,
            None,
            "",
        ),
        (
            "STAP-budget",
            "Scholingsbudget voor werkenden, beëindigd.",
            "",
            "https://www.rijksoverheid.nl/onderwerpen/leven-lang-ontwikkelen/stap-budget",
            datetime.date(2022, 3, 1),
            datetime.date(2023, 12, 31),
            "",
        ),
        (
            "SLIM-regeling",
            "Subsidie voor leren en ontwikkelen in het mkb, beëindigd.",
            "",
            "https://www.uitvoeringvanbeleidszw.nl/subsidies-en-regelingen/slim",
            datetime.date(2020, 3, 1),
            datetime.date(2024, 12, 31),
            "",
        ),
    ]
    store_schemes(schemes, Scheme.Audience.EMPLOYER)
