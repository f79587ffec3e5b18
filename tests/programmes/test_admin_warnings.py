"""The admin warns about dates that went stale: deadlines, ended schemes, no next intake."""

import datetime

import pytest
import time_machine

from programmes.models import EntranceTestRound, Intake, Scheme
from tests.factories import make_programme

pytestmark = pytest.mark.django_db


def warnings_on(admin_client, url):
    response = admin_client.get(url)
    assert response.status_code == 200
    return [str(message) for message in response.context["messages"]]


@time_machine.travel(datetime.date(2026, 5, 20), tick=False)
def test_the_lists_warn_about_passed_deadlines_ended_schemes_and_missing_intakes(admin_client):
    without = make_programme(name="Zonder start")
    late = make_programme(name="Laat")
    Intake.objects.create(
        programme=late,
        start_date=datetime.date(2026, 9, 1),
        application_deadline=datetime.date(2026, 5, 15),
    )
    Scheme.objects.create(
        name="STAP-budget",
        audience="deelnemer",
        summary="-",
        source_url="https://example.org/",
        valid_to=datetime.date(2023, 12, 31),
    )
    warnings = warnings_on(admin_client, "/admin/programmes/programme/")
    assert f"{without} heeft geen toekomstig instroommoment." in warnings
    assert "Laat: 01-09-2026: de aanmelddeadline (15 mei 2026) is verstreken." in warnings
    assert any("STAP-budget is afgelopen" in w for w in warnings)
    assert any("21+-toets" in w for w in warnings)
    assert warnings == warnings_on(admin_client, "/admin/programmes/scheme/")


@time_machine.travel(datetime.date(2026, 5, 20), tick=False)
def test_nothing_is_said_when_every_date_is_ahead(admin_client):
    programme = make_programme()
    Intake.objects.create(
        programme=programme,
        start_date=datetime.date(2026, 9, 1),
        application_deadline=datetime.date(2026, 8, 15),
    )
    EntranceTestRound.objects.create(
        name="Juni",
        registration_deadline=datetime.date(2026, 5, 23),
        test_date=datetime.date(2026, 6, 13),
        fee_eur=100,
    )
    assert warnings_on(admin_client, "/admin/programmes/programme/") == []
