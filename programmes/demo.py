"""Demo content for the catalogue: programmes, intakes and events in our own words."""

import datetime
import io
import random

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from .demo_admission import load_admission_data, open_saturday, working_day
from .models import (
    AdmissionRoute,
    Event,
    Field,
    Intake,
    Location,
    Profile,
    Programme,
)

FIELDS = {
    "ondernemen": "Ondernemen",
    "bedrijfskunde": "Bedrijfskunde",
    "engineering": "Engineering",
    "ict": "HBO-ICT",
    "zorg": "Zorg en welzijn",
    "logistiek": "Logistiek",
}
# The demo school's campuses: a street of its own, as the school is made up too.
LOCATIONS = {
    "utrecht": ("Utrecht", "Voorbeeldlaan 10", "3584 AB"),
    "amersfoort": ("Amersfoort", "Voorbeeldlaan 20", "3821 AB"),
    "zwolle": ("Zwolle", "Voorbeeldlaan 30", "8017 AB"),
}

WORKPLACE = (
    "{Je} werkt bij een mkb-bedrijf (tot 250 medewerkers) in een functie waarin {je} kunt "
    "oefenen met wat {je} leert. {Je} kiest samen met {jouw} leidinggevende opdrachten die het "
    "bedrijf echt verder helpen."
)
ADMISSION = (
    "{Je} hebt een diploma mbo niveau 4, havo of vwo. {Je} hebt ook een arbeidsovereenkomst "
    "bij een mkb-bedrijf, of {je} vindt er een voor de start. We helpen {jou} bij het zoeken."
)

PROGRAMMES = [
    {
        "slug": "ad-ondernemen",
        "name": "Ondernemen",
        "degree": "ad",
        "field": "ondernemen",
        "croho_code": "80054",
        "locations": ["utrecht", "amersfoort"],
        "occupation": "Ondernemer of bedrijfsleider in het mkb",
        "summary": "Leer een bedrijf runnen en laten groeien, terwijl {je} dat in een mkb-bedrijf "
        "al elke dag doet.",
        "body": "{Je} leert in twee jaar alles wat komt kijken bij het leiden van een klein "
        "bedrijf: financiën, marketing, personeel en strategie.\n\n{Je} doet elke opdracht "
        "voor het bedrijf waar {je} werkt, dus {je} ziet meteen wat het oplevert.",
    },
    {
        "slug": "bachelor-bedrijfskunde",
        "name": "Bedrijfskunde",
        "degree": "bachelor",
        "field": "bedrijfskunde",
        "croho_code": "34035",
        "locations": ["utrecht", "zwolle"],
        "occupation": "Bedrijfskundige",
        "summary": "Verbeter processen en organisaties van binnenuit, met een bachelordiploma "
        "als resultaat.",
        "body": "{Je} onderzoekt hoe {jouw} bedrijf slimmer kan werken en voert verbeteringen "
        "zelf door. {Je} leert analyseren, adviseren en veranderen.",
    },
    {
        "slug": "ad-engineering",
        "name": "Engineering",
        "degree": "ad",
        "field": "engineering",
        "croho_code": "80045",
        "locations": ["amersfoort"],
        "occupation": "Technicus of engineer",
        "summary": "Ontwerp en verbeter machines, installaties en producten in een technisch "
        "mkb-bedrijf.",
        "body": "{Je} combineert techniek met projectmatig werken. Denk aan het ontwerpen van een "
        "onderdeel, het verbeteren van een productielijn of het begeleiden van een "
        "installatie bij een klant.",
    },
    {
        "slug": "bachelor-werktuigbouwkunde",
        "name": "Werktuigbouwkunde",
        "degree": "bachelor",
        "field": "engineering",
        "croho_code": "34280",
        "locations": ["amersfoort", "zwolle"],
        "occupation": "Werktuigbouwkundig ingenieur",
        "summary": "Word ingenieur in vier jaar, met {jouw} werk als proeftuin voor elk ontwerp.",
        "body": "Van sterkteleer tot productontwikkeling: {je} test wat {je} op de hogeschool "
        "leert in de werkplaats of op de tekentafel van {jouw} werkgever.",
    },
    {
        "slug": "ad-software-development",
        "name": "Software Development",
        "degree": "ad",
        "field": "ict",
        "croho_code": "80084",
        "locations": ["utrecht"],
        "occupation": "Softwareontwikkelaar",
        "summary": "Bouw software voor echte klanten en haal in twee jaar {jouw} Associate degree.",
        "body": "{Je} programmeert vanaf de eerste week mee in het team van {jouw} werkgever. "
        "Op de hogeschool gaat het over ontwerp, testen en samenwerken in projecten.",
    },
    {
        "slug": "bachelor-hbo-ict",
        "name": "HBO-ICT",
        "degree": "bachelor",
        "field": "ict",
        "croho_code": "30020",
        "locations": ["utrecht", "zwolle"],
        "occupation": "ICT-professional",
        "summary": "Van netwerken tot software: word ICT-professional in een bedrijf waar {jouw} "
        "werk er direct toe doet.",
        "body": "{Je} kiest een richting die past bij {jouw} werk, zoals software, infrastructuur "
        "of data. {Je} krijgt in een klein bedrijf snel verantwoordelijkheid.",
    },
    {
        "slug": "ad-management-in-de-zorg",
        "name": "Management in de zorg",
        "degree": "ad",
        "field": "zorg",
        "croho_code": "80038",
        "locations": ["zwolle"],
        "occupation": "Teamleider of coördinator in de zorg",
        "summary": "Groei door naar een coördinerende rol in een zorg- of welzijnsorganisatie.",
        "body": "{Je} werkt al in de zorg en {je} wilt meer verantwoordelijkheid. {Je} leert "
        "plannen, een team aansturen en kwaliteit verbeteren.",
    },
    {
        "slug": "bachelor-logistics-management",
        "name": "Logistics Management",
        "degree": "bachelor",
        "field": "logistiek",
        "croho_code": "35414",
        "locations": ["utrecht", "amersfoort"],
        "occupation": "Logistiek manager",
        "summary": "Zorg dat goederen op tijd op de juiste plek zijn, en leer ketens slimmer "
        "te organiseren.",
        "body": "{Je} analyseert voorraden, transport en planning bij {jouw} werkgever en ontwerpt "
        "verbeteringen die geld en tijd besparen.",
    },
    {
        "slug": "ad-supply-chain-management",
        "name": "Supply Chain Management",
        "degree": "ad",
        "field": "logistiek",
        "croho_code": "80073",
        "locations": ["zwolle"],
        "occupation": "Planner of supply chain coördinator",
        "summary": "Plan en coördineer de hele keten, van inkoop tot levering aan de klant.",
        "body": "{Je} leert werken met planningssystemen en afspraken maken met leveranciers en "
        "klanten, in het bedrijf waar {je} nu al werkt.",
    },
]

SATURDAY = "saturday"  # in EVENTS: the first Saturday at least a week from now
EVENTS = [
    (
        "open-dag-utrecht",
        "open_dag",
        "Open dag Utrecht",
        16,
        10,
        3,
        "Campus Utrecht, Hal B",
        "",
        150,
    ),
    (
        "online-voorlichting-mkb-route",
        "online_voorlichting",
        "Online voorlichting Mkb-route",
        9,
        19,
        1,
        "",
        "https://meet.hogeschool-voorbeeld.nl/mkb-route",
        None,
    ),
    (
        "meeloopdag-software-development",
        "meeloopdag",
        "Meeloopdag Software Development",
        23,
        9,
        6,
        "Campus Utrecht, lokaal 2.14",
        "",
        12,
    ),
    ("open-dag-zwolle", "open_dag", "Open dag Zwolle", 44, 10, 3, "Campus Zwolle, Atrium", "", 100),
    # For people who work during the day: evenings, a Saturday and online.
    (
        "avondvoorlichting-amersfoort",
        "open_dag",
        "Avondvoorlichting Amersfoort",
        12,
        19,
        2,
        "Campus Amersfoort, aula",
        "",
        80,
    ),
    (
        "online-avond-werkend-leren",
        "online_voorlichting",
        "Online avond: werken en leren combineren",
        19,
        20,
        1,
        "",
        "https://meet.hogeschool-voorbeeld.nl/werkend-leren",
        None,
    ),
    (
        "zaterdag-open-dag-utrecht",
        "open_dag",
        "Open dag op zaterdag Utrecht",
        SATURDAY,
        10,
        3,
        "Campus Utrecht, Hal B",
        "",
        120,
    ),
    (
        "meeloopdag-engineering",
        "meeloopdag",
        "Meeloopdag Engineering",
        30,
        9,
        6,
        "Campus Amersfoort, werkplaats",
        "",
        10,
    ),
]


def draw_image(seed):
    """A calm abstract illustration, drawn so the demo needs no photos from elsewhere."""
    rng = random.Random(seed)
    width, height = 1600, 1067
    top, bottom = (27, 64, 121), rng.choice([(46, 125, 110), (120, 60, 130), (200, 120, 40)])
    mask = Image.linear_gradient("L").resize((width, height))
    image = Image.composite(
        Image.new("RGB", (width, height), bottom), Image.new("RGB", (width, height), top), mask
    )
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        x, y, r = rng.randint(0, width), rng.randint(0, height), rng.randint(80, 320)
        draw.ellipse(
            [x - r, y - r, x + r, y + r], outline=(255, 255, 255), width=rng.randint(4, 14)
        )
    output = io.BytesIO()
    image.save(output, "JPEG", quality=85)
    return ContentFile(output.getvalue())


def coming_dates(today):
    """The next 1 September and 1 February, the usual intakes of a part-time programme."""
    starts = []
    for month in (9, 2):
        start = datetime.date(today.year, month, 1)
        if start <= today:
            start = start.replace(year=today.year + 1)
        starts.append(start)
    return sorted(starts)


def intake_dates(start):
    """The dates of an intake as a hogeschool would set them: for a September start applying
    up to and including 1 May gives a right to admission and a studiekeuzecheck; a February
    start has only a last day."""
    if start.month == 9:
        return {
            "applications_open": datetime.date(start.year - 1, 10, 1),
            "admission_right_until": datetime.date(start.year, 5, 1),
            "application_deadline": datetime.date(start.year, 8, 15),
            "interview_by": datetime.date(start.year, 8, 22),
            "workplace_by": datetime.date(start.year, 8, 25),
        }
    return {
        "applications_open": datetime.date(start.year - 1, 9, 1),
        "admission_right_until": None,
        "application_deadline": datetime.date(start.year, 1, 10),
        "interview_by": datetime.date(start.year, 1, 17),
        "workplace_by": datetime.date(start.year, 1, 24),
    }


# Technical programmes ask havo and vwo graduates for a science profile, as most do.
SCIENCE_PROFILES = {"ad-engineering", "bachelor-werktuigbouwkunde"}
CONTRACT = "Een arbeidsovereenkomst bij een mkb-bedrijf vóór de start."
OTHER_PROFILE = (
    " Met een ander profiel dan N&T of N&G: wiskunde B en natuurkunde in {jouw} pakket, of "
    "een deficiëntietoets in die vakken vóór de start."
)


def load_admission_routes(programme):
    for diploma in ("mbo4", "havo", "vwo", "propedeuse"):
        science = programme.slug in SCIENCE_PROFILES and diploma in AdmissionRoute.WITH_PROFILE
        AdmissionRoute.objects.update_or_create(
            programme=programme,
            diploma=diploma,
            defaults={
                "conditions": CONTRACT + OTHER_PROFILE if science else CONTRACT,
                "profiles": [Profile.NT, Profile.NG] if science else [],
                "workplace_hours": 24,
            },
        )


def load(stdout):
    fields = {
        slug: Field.objects.update_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in FIELDS.items()
    }
    locations = {
        slug: Location.objects.update_or_create(
            slug=slug, defaults={"name": name, "street_address": street, "postal_code": code}
        )[0]
        for slug, (name, street, code) in LOCATIONS.items()
    }
    today = timezone.localdate()
    programmes = {}
    for order, data in enumerate(PROGRAMMES, start=1):
        data = dict(data)
        bachelor = data["degree"] == "bachelor"
        location_slugs = data.pop("locations")
        field = fields[data.pop("field")]
        programme, _created = Programme.objects.update_or_create(
            slug=data.pop("slug"),
            defaults={
                **data,
                "field": field,
                "ec": 240 if bachelor else 120,
                "duration_years": 4 if bachelor else 2,
                "admission_requirements": ADMISSION,
                "workplace_requirements": WORKPLACE,
                "tuition_eur": "2695.00",
                "contact_hours": 8 if bachelor else 6,
                "self_study_hours": 12 if bachelor else 10,
                "published": True,
                "order": order,
            },
        )
        programme.locations.set([locations[slug] for slug in location_slugs])
        if not programme.image:
            programme.image.save(f"{programme.slug}.jpg", draw_image(programme.slug))
        for start in coming_dates(today):
            Intake.objects.update_or_create(
                programme=programme, start_date=start, defaults=intake_dates(start)
            )
        load_admission_routes(programme)
        programmes[programme.slug] = programme
    stdout.write(f"Opleidingen: {len(programmes)} met instroommomenten en afbeeldingen")
    load_admission_data(today)
    stdout.write("Toelating: 21+-rondes, collegegeld, overige kosten, vrijstellingen, regelingen")

    now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    for slug, kind, title, days, hour, hours, place, url, capacity in EVENTS:
        if days == SATURDAY:
            day = open_saturday((now + datetime.timedelta(days=7 + (5 - now.weekday()) % 7)).date())
        else:
            day = working_day((now + datetime.timedelta(days=days)).date())
        starts = now.replace(year=day.year, month=day.month, day=day.day, hour=hour)
        event, _created = Event.objects.update_or_create(
            slug=slug,
            defaults={
                "kind": kind,
                "title": title,
                "starts_at": starts,
                "ends_at": starts + datetime.timedelta(hours=hours),
                "place": place,
                "location": next((x for x in locations.values() if x.name in place), None),
                "online_url": url,
                "capacity": capacity,
                "description": "Hoor hoe werken en leren samengaan, stel {jouw} vragen aan "
                "docenten en spreek {lerenden} die de Mkb-route al volgen.",
                "published": True,
            },
        )
        matching = [p for p in programmes.values() if p.name.lower() in title.lower()]
        event.programmes.set(matching or programmes.values())
    stdout.write(f"Activiteiten: {len(EVENTS)}")
    return programmes
