"""A programme with the admission data of a real year, for the tests of "Kan ik starten?"."""

import datetime

from programmes.models import (
    AdmissionRoute,
    EntranceTestRound,
    Exemption,
    Intake,
    Scheme,
    Tuition,
)
from tests.factories import make_programme

D = datetime.date


def make_admission_data():
    programme = make_programme(name="Ondernemen", slug="ad-ondernemen", workplace_hours=24)
    for diploma in ("mbo4", "havo", "vwo", "propedeuse"):
        AdmissionRoute.objects.create(programme=programme, diploma=diploma, workplace_hours=24)
    for year in (2026, 2027):
        Intake.objects.create(
            programme=programme,
            start_date=D(year, 9, 1),
            applications_open=D(year - 1, 10, 1),
            admission_right_until=D(year, 5, 1),
            application_deadline=D(year, 8, 15),
            interview_by=D(year, 8, 22),
            workplace_by=D(year, 8, 25),
        )
    Intake.objects.create(
        programme=programme,
        start_date=D(2027, 2, 1),
        applications_open=D(2026, 9, 1),
        application_deadline=D(2027, 1, 10),
        interview_by=D(2027, 1, 17),
        workplace_by=D(2027, 1, 24),
    )
    for test_date in (D(2026, 3, 14), D(2026, 6, 13), D(2026, 11, 14), D(2027, 6, 12)):
        EntranceTestRound.objects.create(
            name=f"Ronde {test_date:%m-%Y}",
            registration_deadline=test_date - datetime.timedelta(days=21),
            test_date=test_date,
            fee_eur=100,
        )
    for year in (2025, 2026):
        Tuition.objects.create(
            valid_from=D(year, 9, 1),
            valid_to=D(year + 1, 8, 31),
            statutory_eur=2601 if year == 2025 else 2695,
            institutional_eur=9350,
        )
    Exemption.objects.create(
        experience="Werkervaring op hbo-niveau (EVC)",
        effect="Onderdelen vervallen",
        contact="De studieloopbaanbegeleider",
    )
    for name, audience, valid_to in [
        ("Levenlanglerenkrediet", "deelnemer", None),
        ("STAP-budget", "deelnemer", D(2023, 12, 31)),
        ("Fiscale aftrek", "werkgever", None),
    ]:
        Scheme.objects.create(
            name=name,
            audience=audience,
            summary=f"Over {name}.",
            source_url="https://example.org/",
            valid_to=valid_to,
        )
    return programme
