"""Demo admission data: 21+ test rounds, tuition, other costs, exemptions and schemes, dated
as a hogeschool would date them, on working days."""

import datetime

from .models import (
    EntranceTestRound,
    Exemption,
    OtherCost,
    Scheme,
    Tuition,
)
from .models.costs import validate_page_url

# Days no hogeschool holds a test or an evening for prospective students (month, day).
CLOSED_DAYS = {(1, 1), (4, 27), (12, 24), (12, 25), (12, 26), (12, 31)}


def working_day(day):
    """day, or the first working day after it: no weekend, no holiday."""
    while day.weekday() >= 5 or (day.month, day.day) in CLOSED_DAYS:
        day += datetime.timedelta(days=1)
    return day


def open_saturday(day):
    """day (a Saturday), or the first Saturday after it that is no holiday."""
    while (day.month, day.day) in CLOSED_DAYS:
        day += datetime.timedelta(days=7)
    return day


def academic_years(today):
    first = today.year if today.month >= 9 else today.year - 1
    return [(datetime.date(y, 9, 1), datetime.date(y + 1, 8, 31)) for y in (first, first + 1)]


def load_admission_data(today):
    for year in (today.year, today.year + 1):
        for month, day in ((3, 14), (6, 13), (11, 14)):
            test_date = working_day(datetime.date(year, month, day))
            EntranceTestRound.objects.update_or_create(
                test_date=test_date,
                defaults={
                    "name": f"Ronde {date_name(test_date)}",
                    "registration_deadline": test_date - datetime.timedelta(days=21),
                    "fee_eur": "100.00",
                },
            )
    # The coming academic year's amounts are set by the minister in spring: until then the
    # site shows them as expected.
    for (start, end), expected in zip(academic_years(today), (False, True), strict=True):
        Tuition.objects.update_or_create(
            programme=None,
            valid_from=start,
            defaults={
                "valid_to": end,
                "statutory_eur": "2695.00",
                "institutional_eur": "9350.00",
                "expected": expected,
            },
        )
    costs = [
        ("Boeken en digitaal lesmateriaal", "450.00", "year", "employer"),
        ("Laptop die aan de eisen van de opleiding voldoet", "800.00", "once", "participant"),
    ]
    for name, amount, per, payer in costs:
        OtherCost.objects.update_or_create(
            name=name, programme=None, defaults={"amount_eur": amount, "per": per, "payer": payer}
        )
    exemptions = [
        (
            "Een afgeronde propedeuse of Associate degree in een verwante richting",
            "Vrijstelling voor onderdelen die {je} al hebt gehaald, vaak een groot deel van jaar 1",
            "De examencommissie; vraag ernaar in het intakegesprek",
        ),
        (
            "Jaren werkervaring op hbo-niveau (EVC-procedure)",
            "Met een portfolio laat {je} zien wat {je} al kunt; dat kan onderdelen vervangen",
            "De studieloopbaanbegeleider, die {jou} helpt het portfolio op te bouwen",
        ),
    ]
    for order, (experience, effect, contact) in enumerate(exemptions, start=1):
        Exemption.objects.update_or_create(
            experience=experience,
            programme=None,
            defaults={"effect": effect, "contact": contact, "order": order},
        )
    load_participant_schemes()


def date_name(day):
    months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus"]
    months += ["september", "oktober", "november", "december"]
    return f"{months[day.month - 1]} {day.year}"


# What DUO asks of someone who borrows tuition with the levenlanglerenkrediet (duo.nl, 2025).
LIFELONG_LEARNING_CONDITIONS = """\
- {Je} bent jonger dan 57 jaar; die grens gaat omhoog als de AOW-leeftijd omhooggaat.
- {Je} hebt geen recht (meer) op gewone studiefinanciering.
- {Je} volgt een erkende hbo-opleiding; een duale opleiding zoals de Mkb-route telt mee.
- Betaalt {jouw} werkgever het hele collegegeld, dan is er niets te lenen. Betaalt die een \
deel, dan is alleen het deel te lenen dat {je} zelf betaalt.
"""
EMPLOYER_PAYS_CONDITIONS = """\
- De opleiding past bij het werk, nu of later.
- Spreek vooraf op papier af of {je} iets terugbetaalt als {je} binnen een paar jaar na \
het diploma vertrekt (een studiekostenbeding).
"""


def load_participant_schemes():
    """Schemes for participants; STAP has ended and is stored as ended, shown nowhere."""
    schemes = [
        (
            "Levenlanglerenkrediet",
            "Een lening van DUO voor collegegeld, ook als {je} ouder bent dan 30 of al werkt.",
            "per jaar ten hoogste het collegegeld dat de deelnemer zelf betaalt",
            "https://duo.nl/particulier/levenlanglerenkrediet/",
            None,
            None,
            LIFELONG_LEARNING_CONDITIONS,
        ),
        (
            "Studiekostenregeling van werkgever of cao",
            "Veel werkgevers en cao's betalen collegegeld en boeken van een opleiding die bij "
            "het werk past. Vraag het na bij {jouw} werkgever of in {jouw} cao.",
            "verschilt per werkgever",
            "https://www.juridischloket.nl/werk-en-inkomen/arbeidsvoorwaarden/studiekostenbeding/",
            None,
            None,
            EMPLOYER_PAYS_CONDITIONS,
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
    ]
    store_schemes(schemes, Scheme.Audience.PARTICIPANT)


def store_schemes(schemes, audience):
    """Schemes as (name, summary, amount, source URL, valid from, valid to, conditions), in
    this order."""
    for order, (name, summary, amount, url, start, end, conditions) in enumerate(schemes, 1):
        validate_page_url(url)  # the demo shows how a source is given: never a home page
        Scheme.objects.update_or_create(
            name=name,
            audience=audience,
            defaults={
                "summary": summary,
                "amount": amount,
                "source_url": url,
                "valid_from": start,
                "valid_to": end,
                "conditions": conditions,
                "order": order,
            },
        )
