"""A werkplek goes online only when it offers its programmes' own minimum hours and a
praktijkopleider: the registration form warns, the admin refuses to screen or publish it."""

import pytest

from employers.models import Employer, Werkplek
from employers.requirements import werkplek_shortfalls
from tests.factories import make_programme
from tests.helpers import form_data
from tests.personas.visible import visible_text

from .helpers import make_employer, make_werkplek, place_fields, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    return make_programme(name="Bedrijfskunde", workplace_hours=28)


def test_the_form_names_each_programmes_own_minimum_hours(client, programme):
    text = visible_text(client.get("/werkgevers/aanmelden/").content.decode())
    assert "Associate degree Bedrijfskunde (minimaal 28 uur werk per week)" in text


def test_the_form_warns_about_fewer_hours_than_the_programme_asks(client, programme):
    response = register(client, programme, places=[place_fields(programme, hours_per_week="24")])
    assert response.status_code == 200 and not Employer.objects.exists()
    text = visible_text(response.content.decode())
    assert (
        "Werkplek “Servicemonteur in opleiding”: 24 uur werk per week is te weinig "
        "(Bedrijfskunde vraagt minimaal 28 uur)."
    ) in text
    assert "Ik meld deze werkplek toch aan" in text


def test_the_form_warns_about_a_place_without_praktijkopleider(client, programme):
    place = place_fields(programme, hours_per_week="32", has_supervisor=None)
    response = register(client, programme, places=[place])
    assert response.status_code == 200 and not Employer.objects.exists()
    assert "er is geen praktijkopleider" in visible_text(response.content.decode())


def test_a_warned_place_can_be_registered_anyway_and_stays_offline(client, programme):
    place = place_fields(programme, hours_per_week="20", despite_shortfalls="on")
    assert register(client, programme, places=[place]).status_code == 302
    werkplek = Werkplek.objects.get()
    assert werkplek.hours_per_week == 20 and werkplek.employer.status == "aangemeld"
    assert werkplek_shortfalls(werkplek)


def test_a_place_that_meets_the_requirements_gets_no_warning(client, programme):
    place = place_fields(programme, hours_per_week="28")
    assert register(client, programme, places=[place]).status_code == 302


def change_employer(client, employer, **changes):
    url = f"/admin/employers/employer/{employer.pk}/change/"
    data = form_data(client.get(url).content.decode(), "employer_form")
    return client.post(url, {**data, **changes})


def test_screening_an_employer_with_a_short_place_is_refused_with_the_place_and_reason(
    admissions, programme
):
    employer = make_employer(status=Employer.Status.REGISTERED, name="Klaverblad")
    make_werkplek(employer, [programme], title="Planner", hours_per_week=24)
    make_werkplek(employer, [programme], title="Monteur", hours_per_week=32, has_supervisor=False)
    response = change_employer(admissions, employer, status="gescreend")
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert "Werkplek “Planner”: 24 uur werk per week is te weinig" in text
    assert "Werkplek “Monteur”: er is geen praktijkopleider" in text
    assert "Zo komt de werkplek niet online" in text
    employer.refresh_from_db()
    assert employer.status == Employer.Status.REGISTERED


def test_screening_goes_through_once_the_place_is_mended_in_the_same_form(admissions, programme):
    employer = make_employer(status=Employer.Status.REGISTERED)
    make_werkplek(employer, [programme], hours_per_week=24)
    response = change_employer(
        admissions, employer, status="gescreend", **{"werkplekken-0-hours_per_week": "28"}
    )
    assert response.status_code == 302
    employer.refresh_from_db()
    assert employer.status == Employer.Status.SCREENED


def test_a_missing_praktijkopleider_is_mended_on_the_employers_page_too(admissions, programme):
    employer = make_employer(status=Employer.Status.REGISTERED)
    make_werkplek(employer, [programme], hours_per_week=32, has_supervisor=False)
    assert change_employer(admissions, employer, status="gescreend").status_code == 200
    changes = {"status": "gescreend", "werkplekken-0-has_supervisor": "on"}
    assert change_employer(admissions, employer, **changes).status_code == 302


def test_a_short_place_that_is_closed_does_not_stop_screening(admissions, programme):
    employer = make_employer(status=Employer.Status.REGISTERED)
    make_werkplek(employer, [programme], hours_per_week=24, status=Werkplek.Status.CLOSED)
    assert change_employer(admissions, employer, status="actief").status_code == 302


def test_the_screening_action_leaves_an_employer_with_a_short_place_and_says_why(
    admissions, programme
):
    short = make_employer(status=Employer.Status.REGISTERED, name="Te Kort BV")
    make_werkplek(short, [programme], title="Planner", hours_per_week=20)
    fine = make_employer(status=Employer.Status.REGISTERED, name="Goed BV")
    make_werkplek(fine, [programme], hours_per_week=32)
    response = admissions.post(
        "/admin/employers/employer/",
        {"action": "move_to_gescreend", "_selected_action": [short.pk, fine.pk]},
        follow=True,
    )
    text = visible_text(response.content.decode())
    assert "Te Kort BV staat niet op Gescreend: Werkplek “Planner”: 20 uur" in text
    short.refresh_from_db(), fine.refresh_from_db()
    assert (short.status, fine.status) == ("aangemeld", "gescreend")


def change_werkplek(client, werkplek, **changes):
    url = f"/admin/employers/werkplek/{werkplek.pk}/change/"
    data = form_data(client.get(url).content.decode(), "werkplek_form")
    return client.post(url, {**data, **changes})


def test_publishing_a_short_place_of_a_screened_employer_is_refused(admissions, programme):
    werkplek = make_werkplek(
        programmes=[programme], title="Planner", status=Werkplek.Status.CLOSED, has_supervisor=False
    )
    response = change_werkplek(admissions, werkplek, status="open")
    assert response.status_code == 200
    assert "Werkplek “Planner”: er is geen praktijkopleider" in visible_text(
        response.content.decode()
    )
    werkplek.refresh_from_db()
    assert werkplek.status == Werkplek.Status.CLOSED
    response = change_werkplek(admissions, werkplek, status="open", has_supervisor="on")
    assert response.status_code == 302


def test_lowering_the_hours_of_a_public_place_is_refused(admissions, programme):
    werkplek = make_werkplek(programmes=[programme], hours_per_week=32)
    response = change_werkplek(admissions, werkplek, hours_per_week="24")
    assert response.status_code == 200
    assert "Bedrijfskunde vraagt minimaal 28 uur" in visible_text(response.content.decode())


def test_a_place_of_an_employer_not_yet_screened_may_be_saved_as_it_is(admissions, programme):
    employer = make_employer(status=Employer.Status.REGISTERED)
    werkplek = make_werkplek(employer, [programme], hours_per_week=32)
    assert change_werkplek(admissions, werkplek, hours_per_week="20").status_code == 302


def test_every_public_demo_place_meets_its_programmes_requirements(demo_content):
    places = Werkplek.objects.public().prefetch_related("programmes")
    assert [message for place in places for message in werkplek_shortfalls(place)] == []
