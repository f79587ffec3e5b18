"""A programme with admission data around today, for browser tests that run on the real clock."""

from django.utils import timezone

from programmes import demo, demo_admission
from programmes.models import Intake
from tests.factories import make_programme


def make_programme_to_start(**overrides):
    """A programme with the demo's routes, intakes, 21+ rounds, tuition and schemes."""
    programme = make_programme(name="Ondernemen", **overrides)
    today = timezone.localdate()
    for start in demo.coming_dates(today):
        Intake.objects.create(programme=programme, start_date=start, **demo.intake_dates(start))
    demo.load_admission_routes(programme)
    demo_admission.load_admission_data(today)
    return programme
