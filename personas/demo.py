"""Demo content for tones, target groups, personas, benefits, stories, channels and the matrix."""

from programmes.demo import draw_image

from .models import Benefit, Channel, MatrixCell, Persona, Story, TargetGroup, Tone, ToneWord

TONES = {
    "neutraal": ("Neutraal", "deelnemer", "deelnemers", True),
    "student": ("Student", "student", "studenten", False),
    "werkende-die-leert": (
        "Werkende die leert",
        "werkende die leert",
        "werkenden die leren",
        False,
    ),
    # Employers read about "the participant", in the formal u-form (EMPLOYERS_TONE).
    "werkgever": ("Werkgever", "deelnemer", "deelnemers", False),
}
# People who already work read the formal u; so do employers.
FORMAL = {"werkende-die-leert", "werkgever"}
VOCABULARY = {
    "studie": {
        "neutraal": "opleiding",
        "student": "studie",
        "werkende-die-leert": "opleiding",
        "werkgever": "opleiding",
    },
    "studeren": {
        "neutraal": "leren",
        "student": "studeren",
        "werkende-die-leert": "leren",
        "werkgever": "leren",
    },
    "lesdag": {
        "neutraal": "lesdag",
        "student": "studiedag",
        "werkende-die-leert": "lesdag",
        "werkgever": "lesdag",
    },
    "medelerenden": {
        "neutraal": "medecursisten",
        "student": "medestudenten",
        "werkende-die-leert": "medecursisten",
        "werkgever": "medecursisten",
    },
}

PERSONAS = [
    {
        "slug": "student",
        "name": "De nieuwsgierige student",
        "tone": "student",
        "entry_label": "Ik ben (bijna) klaar met havo of vwo",
        "entry_text": "Verder leren zonder voltijd in de collegebanken, en meteen aan het werk.",
        "title": "Leren in de praktijk, met salaris en een hbo-diploma",
        "lead": "Klaar met havo of vwo, maar nog niet klaar met leren? {Je} bent in de Mkb-route "
        "{lerende} en werknemer tegelijk: vier dagen werk, één {lesdag} per week.",
        "body": "Veel {lerenden} willen verder leren, maar zien op tegen nog jaren alleen "
        "theorie. In de Mkb-route is dat anders: {je} werkt in een echt team, {je} krijgt "
        "salaris en {je} gebruikt de volgende dag wat {je} op de {lesdag} leert.\n\n"
        "Ook als {jouw} voltijd {studie} niet goed past, is dit een manier om {jouw} "
        "diploma toch te halen.",
        "cta_title": "Benieuwd of dit bij {jou} past?",
        "cta_text": "Laat {jouw} gegevens achter. We bellen of mailen {jou} over opleidingen, "
        "werkgevers en de volgende open dag.",
        "cta_button": "Ik wil meer weten",
        "drives": "Nieuwsgierig, wil ontdekken wat bij hem of haar past; zoekt afwisseling.",
        "motivation": "Wil zelfstandig worden en eigen geld verdienen, zonder studieschuld.",
        "wishes": "Duidelijke informatie over hoe werk en studie samengaan; hulp bij het "
        "vinden van een werkgever; contact met leeftijdgenoten.",
        "programmes": [
            "ad-software-development",
            "ad-engineering",
            "bachelor-bedrijfskunde",
            "bachelor-hbo-ict",
        ],
    },
    {
        "slug": "doorstromer",
        "name": "De doelgerichte doorstromer",
        "tone": "student",
        "entry_label": "Ik heb een mbo-4-diploma, of haal het dit jaar",
        "entry_text": "De volgende stap in het hbo, met een baan en salaris.",
        "title": "Doorleren in het hbo, naast {jouw} baan",
        "lead": "{Je} weet wat {je} wilt: verder groeien in {jouw} vak. {Je} haalt in de "
        "Mkb-route een Associate degree of bachelor terwijl {je} blijft werken en verdienen.",
        "body": "{Je} kent werkend leren al van het mbo. In het hbo is de stap groter: meer "
        "verantwoordelijkheid, meer overzicht en een diploma dat werkgevers herkennen.\n\n"
        "Al aan het werk bij een mkb-bedrijf? Dan kan {jouw} huidige baan de leerwerkplek "
        "worden. Nog geen werkgever? Bekijk de [open werkplekken](/werkplekken/) bij "
        "mkb-bedrijven, of laat {jouw} gegevens achter: we zoeken met {je} mee.",
        "cta_title": "Zet de volgende stap",
        "cta_text": "Vertel ons wat {je} doet en wat {je} wilt. We denken mee over de opleiding "
        "en over afspraken met {jouw} werkgever.",
        "cta_button": "Vraag informatie aan",
        "drives": "Doelgericht, wil doorgroeien; kent de praktijk al.",
        "motivation": "Meer verantwoordelijkheid en een hoger salaris; erkenning met een diploma.",
        "wishes": "Een opleiding die aansluit op het mbo; zekerheid over inkomen; een "
        "werkgever die meedenkt.",
        "programmes": [
            "ad-supply-chain-management",
            "ad-management-in-de-zorg",
            "ad-ondernemen",
            "ad-engineering",
        ],
    },
    {
        "slug": "zij-instromer",
        "name": "De onafhankelijke zij-instromer",
        "tone": "werkende-die-leert",
        "entry_label": "Ik werk en wil een hbo-diploma",
        "entry_text": "Voor het werk dat {je} al doet, of om een nieuw vak te leren.",
        "title": "Een hbo-diploma voor wat {je} al kunt, of voor een nieuw vak",
        "lead": "{Je} hebt werkervaring en {je} weet wat {je} waard bent. {Je} combineert als "
        "{lerende} in de Mkb-route {jouw} werk met een erkende hbo-opleiding.",
        "body": "{Je} werkt misschien al jaren op hbo-niveau zonder het papiertje. Of {je} "
        "wilt iets anders, en liever nu dan later. In de Mkb-route telt {jouw} ervaring: "
        "{je} werkt bij een mkb-bedrijf en leert één dag per week, met {medelerenden} die net "
        "als {jij} midden in het werkende leven staan.\n\n"
        "Geen mbo-4-, havo- of vwo-diploma? Vanaf 21 jaar is toelating mogelijk via de "
        "21+-toets.",
        "cta_title": "Past dit bij {jouw} situatie?",
        "cta_text": "Laat {jouw} gegevens achter. Een adviseur neemt contact op over {jouw} "
        "ervaring, de opleiding en de afspraken met {jouw} werkgever.",
        "cta_button": "Neem contact met mij op",
        "drives": "Onafhankelijk, wil zelf regie; hecht aan erkenning van ervaring.",
        "motivation": "Ervaring verzilveren met een diploma, of een nieuwe richting kiezen.",
        "wishes": "Flexibiliteit naast werk en gezin; vrijstellingen voor wat al gekend wordt; "
        "een aanspreekpunt dat de situatie van werkenden begrijpt.",
        "programmes": [
            "bachelor-werktuigbouwkunde",
            "bachelor-hbo-ict",
            "bachelor-logistics-management",
            "bachelor-bedrijfskunde",
        ],
    },
]

TARGET_GROUPS = [
    # key, name (internal), label (how visitors describe themselves), persona, own tone
    (
        "mbo4",
        "Mbo-4-gediplomeerde (ook bbl)",
        "Ik heb een mbo-4-diploma, of haal het dit jaar",
        "doorstromer",
        "student",
    ),
    (
        "havo",
        "Havo-gediplomeerde die niet voltijd wil",
        "Ik heb havo, of haal het dit jaar",
        "student",
        None,
    ),
    ("vwo", "Vwo-gediplomeerde", "Ik heb vwo, of haal het dit jaar", "student", None),
    (
        "hbo_dropout",
        "Voltijd hbo'er die dreigt uit te vallen",
        "Ik doe nu een voltijd hbo-opleiding en twijfel",
        "student",
        None,
    ),
    (
        "employee_step_up",
        "Medewerker op mbo-4-niveau of hoger die naar het hbo wil",
        "Ik werk en wil de stap naar het hbo zetten",
        "doorstromer",
        "werkende-die-leert",
    ),
    (
        "employee_verzilveren",
        "Medewerker op hbo-niveau zonder hbo-diploma",
        "Ik werk al op hbo-niveau, maar heb geen hbo-diploma",
        "zij-instromer",
        None,
    ),
    (
        "career_switcher",
        "Zij-instromer, werkend of werkzoekend",
        "Ik wil een nieuw vak leren",
        "zij-instromer",
        None,
    ),
]

BENEFITS = [
    (
        "{Je} combineert werken en leren: meestal vier dagen werk en één {lesdag}, dus geen week "
        "is hetzelfde.",
        "student doorstromer zij-instromer",
    ),
    (
        "{Je} haalt een erkend hbo-diploma: een Associate degree in twee jaar of een bachelor in "
        "vier jaar.",
        "student doorstromer zij-instromer",
    ),
    (
        "{Je} krijgt salaris, want {je} hebt een echte baan bij een mkb-bedrijf.",
        "student doorstromer",
    ),
    ("Alles wat {je} leert, is direct toe te passen in de praktijk.", "student doorstromer"),
    (
        "{Je} bouwt kennis en ervaring op waar werkgevers steeds vaker om vragen.",
        "doorstromer zij-instromer",
    ),
    (
        "Na {jouw} diploma is blijven of doorgroeien bij {jouw} werkgever vaak mogelijk.",
        "student doorstromer",
    ),
    (
        "{Je} krijgt in een mkb-bedrijf brede verantwoordelijkheid: ondernemen, eigenaarschap en "
        "oplossingen bedenken staan centraal.",
        "doorstromer zij-instromer",
    ),
    (
        "Geen dag is hetzelfde: mkb-bedrijven werken aan complexe klantvragen, nieuwe technologie "
        "en digitalisering.",
        "student",
    ),
    (
        "In het mkb draait het om {jouw} rol, niet om een functietitel, met veel ruimte voor eigen "
        "initiatief.",
        "zij-instromer doorstromer",
    ),
    (
        "Korte lijnen en een informele cultuur: {je} ziet precies wat {jouw} werk oplevert.",
        "student zij-instromer",
    ),
    ("{Je} verzilvert wat {je} al kunt met een hbo-diploma.", "zij-instromer"),
]

STORIES = [
    (
        "Sanne",
        19,
        "Havo, daarna een half jaar gewerkt",
        "Installatiebedrijf Van Dijk",
        "Ik wilde verder leren, maar niet nog jaren alleen in de collegebanken zitten.",
        "student",
        "ad-engineering",
    ),
    (
        "Milan",
        18,
        "Havo",
        "Webbureau Pixelwerk",
        "Op maandag leer ik iets nieuws, op dinsdag bouw ik het voor een klant.",
        "student",
        "ad-software-development",
    ),
    (
        "Yara",
        21,
        "Gestopt met een voltijd hbo-opleiding",
        "Bakkerij De Korenschoof",
        "Voltijd paste niet bij mij. Nu maak ik mijn diploma af én help ik de bakkerij groeien.",
        "student",
        "bachelor-bedrijfskunde",
    ),
    (
        "Kevin",
        22,
        "Mbo-4 Logistiek in de bbl",
        "Transportbedrijf Hoekstra",
        "Mijn baas zei: jij kunt meer. Nu plan ik de ritten en leer ik waarom dat zo werkt.",
        "doorstromer",
        "ad-supply-chain-management",
    ),
    (
        "Fatima",
        27,
        "Mbo-4 Verzorgende, vijf jaar in een team",
        "Zorgcentrum De Linde",
        "Ik coördineerde het team al. Nu leer ik het goed te doen, met een diploma erbij.",
        "doorstromer",
        "ad-management-in-de-zorg",
    ),
    (
        "Ronald",
        44,
        "Twintig jaar werkvoorbereider zonder hbo-diploma",
        "Machinefabriek Brouwer",
        "Ik deed het werk al jaren. Het diploma maakt zichtbaar wat ik kan.",
        "zij-instromer",
        "bachelor-werktuigbouwkunde",
    ),
    (
        "Ingrid",
        38,
        "Twaalf jaar in de retail",
        "ICT-bedrijf Netvizier",
        "Ik wilde een vak met toekomst. Mijn leeftijd bleek juist een voordeel.",
        "zij-instromer",
        "bachelor-hbo-ict",
    ),
]

CHANNELS = [
    ("Website Mkb-route", "website", "own", ""),
    ("Instagram", "social", "own", ""),
    ("TikTok", "social", "own", ""),
    ("LinkedIn", "social", "own", ""),
    ("Nieuwsbrief", "email", "own", ""),
    ("Open dagen en voorlichtingen", "event", "own", ""),
    ("Loopbaanadviseurs van mbo-scholen", "school", "partner", "Mbo-scholen in de regio"),
    ("Decanen havo en vwo", "school", "partner", "Middelbare scholen in de regio"),
    ("Studieloopbaanbegeleiders hbo", "school", "partner", "Eigen voltijdopleidingen"),
    ("UWV Werkbedrijf", "public", "partner", "UWV"),
    ("Leerwerkloket", "public", "partner", "Leerwerkloket van de regio"),
    ("Brancheorganisaties", "branch", "partner", "Techniek, logistiek en zorg"),
    ("Ondernemersverenigingen", "branch", "partner", "Regionale ondernemersverenigingen"),
    ("Werkgevers in het netwerk", "employer", "partner", "Mkb-bedrijven met een leerwerkplek"),
]

MATRIX = [
    # target group key, channel, message, timing, responsible
    (
        "mbo4",
        "Loopbaanadviseurs van mbo-scholen",
        "Na je mbo-4 door naar het hbo, met baan en salaris",
        "Januari tot mei, voor het examen",
        "Accountmanager mbo",
    ),
    ("mbo4", "Instagram", "Verhalen van doorstromers uit de bbl", "Het hele jaar", "Communicatie"),
    (
        "havo",
        "Decanen havo en vwo",
        "Niet voltijd studeren en toch een hbo-diploma",
        "Oktober tot maart",
        "Voorlichting",
    ),
    (
        "havo",
        "TikTok",
        "Een week uit het leven van een Mkb-route-student",
        "Februari tot mei",
        "Communicatie",
    ),
    (
        "vwo",
        "Decanen havo en vwo",
        "Praktisch leren op hbo-niveau",
        "Oktober tot maart",
        "Voorlichting",
    ),
    (
        "hbo_dropout",
        "Studieloopbaanbegeleiders hbo",
        "Twijfel je over voltijd? Maak je diploma af terwijl je werkt",
        "November en na de eerste tentamens",
        "Studentdecanen",
    ),
    (
        "employee_step_up",
        "Werkgevers in het netwerk",
        "Laat uw medewerker doorgroeien naar hbo-niveau",
        "September en januari",
        "Accountmanager mkb",
    ),
    (
        "employee_step_up",
        "LinkedIn",
        "Werkend leren naar een hbo-diploma",
        "Het hele jaar",
        "Communicatie",
    ),
    (
        "employee_verzilveren",
        "Brancheorganisaties",
        "Verzilver je ervaring met een hbo-diploma",
        "Voorjaar en najaar",
        "Accountmanager mkb",
    ),
    (
        "employee_verzilveren",
        "LinkedIn",
        "Je doet het werk al; nu het diploma",
        "Het hele jaar",
        "Communicatie",
    ),
    (
        "career_switcher",
        "UWV Werkbedrijf",
        "Omscholen met een baan in een tekortsector",
        "Elk kwartaal",
        "Accountmanager arbeidsmarkt",
    ),
    (
        "career_switcher",
        "Leerwerkloket",
        "Een nieuw vak leren terwijl je werkt",
        "Elk kwartaal",
        "Accountmanager arbeidsmarkt",
    ),
    (
        "career_switcher",
        "Ondernemersverenigingen",
        "Haal een zij-instromer binnen en leid hem op",
        "Voorjaar",
        "Accountmanager mkb",
    ),
]


def load(stdout, programmes):
    tones = {}
    for slug, (name, learner, learners, is_default) in TONES.items():
        tones[slug], _created = Tone.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "learner": learner,
                "learners": learners,
                "is_default": is_default,
                "address": Tone.Address.U if slug in FORMAL else Tone.Address.JE,
            },
        )
    for key, values in VOCABULARY.items():
        for slug, value in values.items():
            ToneWord.objects.update_or_create(tone=tones[slug], key=key, defaults={"value": value})
    stdout.write(f"Tonen: {len(tones)}, met woordenschat")

    personas = {}
    for order, data in enumerate(PERSONAS, start=1):
        data = dict(data)
        highlighted = data.pop("programmes")
        persona, _created = Persona.objects.update_or_create(
            slug=data.pop("slug"),
            defaults={**data, "tone": tones[data.pop("tone")], "order": order},
        )
        persona.programmes.set([programmes[slug] for slug in highlighted])
        if not persona.hero_image:
            persona.hero_image.save(f"{persona.slug}.jpg", draw_image(f"persona-{persona.slug}"))
        personas[persona.slug] = persona
    stdout.write(f"Persona's: {len(personas)}")

    groups = {}
    for order, (key, name, label, persona, tone) in enumerate(TARGET_GROUPS, start=1):
        groups[key], _created = TargetGroup.objects.update_or_create(
            key=key,
            defaults={
                "name": name,
                "slug": key.replace("_", "-"),
                "label": label,
                "persona": personas[persona],
                "tone": tones.get(tone),
                "order": order,
            },
        )
    stdout.write(f"Doelgroepen: {len(groups)}")

    for order, (text, slugs) in enumerate(BENEFITS, start=1):
        benefit, _created = Benefit.objects.update_or_create(order=order, defaults={"text": text})
        benefit.personas.set([personas[slug] for slug in slugs.split()])
    stdout.write(f"Voordelen: {len(BENEFITS)}")

    for order, (first_name, age, before, employer, quote, persona, programme) in enumerate(
        STORIES, start=1
    ):
        Story.objects.update_or_create(
            first_name=first_name,
            employer=employer,
            defaults={
                "age": age,
                "previous_situation": before,
                "quote": quote,
                "persona": personas[persona],
                "programme": programmes[programme],
                "order": order,
            },
        )
    stdout.write(f"Verhalen: {len(STORIES)}")

    channels = {}
    for name, kind, owner, organisation in CHANNELS:
        channels[name], _created = Channel.objects.update_or_create(
            name=name, defaults={"kind": kind, "owner": owner, "organisation": organisation}
        )
    for key, channel, message, timing, responsible in MATRIX:
        MatrixCell.objects.update_or_create(
            target_group=groups[key],
            channel=channels[channel],
            defaults={"message": message, "timing": timing, "responsible": responsible},
        )
    stdout.write(f"Kanalen: {len(channels)}, communicatiematrix: {len(MATRIX)} cellen")
