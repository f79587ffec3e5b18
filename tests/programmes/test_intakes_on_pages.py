"""Programme pages and the list show each intake's state on the day, in JSON-LD too."""

import datetime
import json
import re

import pytest
import time_machine

from tests.helpers import count_queries
from tests.personas.admission_data import make_admission_data

pytestmark = pytest.mark.django_db
D = datetime.date


def json_ld(html):
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


@pytest.mark.parametrize(
    ("today", "detail", "card"),
    [
        (
            D(2026, 4, 15),
            "Aanmelden tot en met 1 mei 2026 geeft recht op toelating en een studiekeuzecheck; "
            "aanmelden kan tot en met 15 augustus 2026",
            "aanmelden tot en met 1 mei 2026 geeft recht op toelating",
        ),
        (
            D(2026, 5, 2),
            "Na 1 mei: aanmelden kan nog tot en met 15 augustus, zonder recht op toelating",
            "na 1 mei: aanmelden kan nog",
        ),
        (
            D(2026, 9, 1),
            "Gesloten — volgende start 1 februari 2027",
            "gesloten — volgende start 1 februari 2027",
        ),
        (
            D(2027, 2, 1),
            "Gesloten — volgende start 1 september 2027",
            "gesloten — volgende start 1 september 2027",
        ),
    ],
)
def test_pages_show_the_state_of_the_day(client, today, detail, card):
    with time_machine.travel(today, tick=False):
        programme = make_admission_data()
        assert detail in client.get(programme.get_absolute_url()).content.decode()
        assert card in client.get("/opleidingen/").content.decode()


@time_machine.travel(D(2026, 5, 2), tick=False)
def test_json_ld_carries_the_dates_of_the_next_start_that_takes_people(client):
    programme = make_admission_data()
    data = json_ld(client.get(programme.get_absolute_url()).content.decode())
    assert data["startDate"] == "2026-09-01"
    assert data["applicationDeadline"] == "2026-08-15"
    assert data["applicationStartDate"] == "2025-10-01"
    assert data["timeToComplete"] == "P2Y"


@time_machine.travel(D(2026, 9, 1), tick=False)
def test_on_the_start_day_json_ld_moves_to_the_next_start(client):
    programme = make_admission_data()
    data = json_ld(client.get(programme.get_absolute_url()).content.decode())
    assert data["startDate"] == "2027-02-01"


@time_machine.travel(D(2026, 4, 15), tick=False)
def test_the_practical_block_gives_cost_load_duration_and_next_start(client):
    programme = make_admission_data()
    html = client.get(programme.get_absolute_url()).content.decode()
    block = html[html.index('class="practical') : html.index("</section>", html.index("practical"))]
    assert "€\xa02.695 per jaar" in block
    assert "18 uur per week, waarvan 8 contacturen" in block
    assert "2 jaar" in block
    assert "1 september 2026 (aanmelden tot en met 1 mei 2026 geeft recht op toelating" in block
    assert "aanmelden kan tot en met 15 augustus 2026)" in block


@time_machine.travel(D(2026, 4, 15), tick=False)
def test_the_list_costs_one_query_for_all_intakes(client):
    make_admission_data()
    one = count_queries(client, "/opleidingen/")
    for n in range(3):
        make_admission_data_copy(n)
    assert count_queries(client, "/opleidingen/") == one


def make_admission_data_copy(n):
    from programmes.models import Intake
    from tests.factories import make_programme

    programme = make_programme(name=f"Extra {n}")
    Intake.objects.create(
        programme=programme, start_date=D(2026, 9, 1), application_deadline=D(2026, 8, 15)
    )
