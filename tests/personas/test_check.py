"""The page /kan-ik-starten/: questions in the visitor's tone, the answer, its .ics and print."""

import datetime
from urllib.parse import urlencode

import icalendar
import pytest
import time_machine

from tests.helpers import count_queries
from tests.personas.admission_data import make_admission_data

pytestmark = pytest.mark.django_db
D = datetime.date
HAVO = {"stap": "antwoord", "programme": "ad-ondernemen", "diploma": "havo", "age": 18, "hours": 0}
WORKER = {**HAVO, "diploma": "vmbo_mbo23", "age": 41, "hours": 38, "mkb": "ja"}


def url(answers, path="/kan-ik-starten/"):
    return f"{path}?{urlencode(answers)}"


@time_machine.travel(D(2026, 4, 15), tick=False)
def test_the_answer_gives_route_dates_costs_exemptions_load_and_next_step(client):
    make_admission_data()
    page = client.get(url(HAVO)).content.decode()
    assert "staat de gewone instroom voor" in page
    assert "tot en met 1 mei 2026 geeft recht op toelating en een studiekeuzecheck" in page
    assert "vrijdag 1 mei 2026" in page and "dinsdag 1 september 2026" in page
    assert "donderdag 30 april 2026" not in page
    assert "€\xa02.695 per jaar" in page
    assert "Levenlanglerenkrediet" in page and "STAP-budget" not in page
    assert "Werkervaring op hbo-niveau (EVC)" in page
    assert "8 contacturen" in page
    assert "Bekijk open werkplekken" in page  # no employer yet
    assert "/interesse/?opleiding=ad-ondernemen&amp;vraag=can_i_start&amp;niveau=havo" in page


@time_machine.travel(D(2026, 4, 15), tick=False)
def test_the_entrance_test_route_lists_the_round_and_its_fee(client):
    make_admission_data()
    page = client.get(url(WORKER)).content.decode()
    assert "via de 21+-toets" in page
    assert "zaterdag 23 mei 2026" in page and "zaterdag 13 juni 2026" in page
    assert "€\xa0100 eenmalig" in page
    assert "Bekijk open werkplekken" not in page  # works at an mkb company already


@time_machine.travel(D(2026, 4, 15), tick=False)
def test_the_calendar_holds_the_visitors_dates_and_parses(client):
    make_admission_data()
    response = client.get(url(WORKER, "/kan-ik-starten/datums.ics"))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = [(e.decoded("dtstart"), str(e["summary"])) for e in calendar.walk("VEVENT")]
    assert [day for day, _summary in events] == [
        D(2026, 5, 1),  # applying on 1 May keeps the right to admission
        D(2026, 5, 23),
        D(2026, 6, 13),
        D(2026, 8, 15),
        D(2026, 8, 22),
        D(2026, 8, 25),
        D(2026, 9, 1),
    ]
    assert events[0][1] == (
        "Laatste dag om aan te melden in Studielink met recht op toelating en op een "
        "studiekeuzecheck – Ondernemen"
    )
    assert events[2][1] == "21+-toets – Ondernemen"
    assert len({str(e["uid"]) for e in calendar.walk("VEVENT")}) == 7


def test_a_calendar_for_answers_that_do_not_add_up_goes_back_to_the_questions(client):
    make_admission_data()
    response = client.get(url({**HAVO, "age": "oud"}, "/kan-ik-starten/datums.ics"))
    assert response.status_code == 302
    assert "Vul jouw leeftijd in als een getal" in client.get(response.url).content.decode()


@time_machine.travel(D(2026, 4, 15), tick=False)
def test_the_print_version_has_the_answer_without_buttons_or_form(client):
    make_admission_data()
    page = client.get(url({**HAVO, "afdrukken": "1"})).content.decode()
    assert "dinsdag 1 september 2026" in page
    assert "datums.ics" not in page and "/interesse/?opleiding" not in page


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({**HAVO, "programme": "bestaat-niet"}, "Die opleiding kennen we niet."),
        ({**HAVO, "programme": "x\x00y"}, "Die opleiding kennen we niet."),
        ({**HAVO, "diploma": "phd"}, "Kies een van de diploma"),
        ({**HAVO, "age": "-3"}, "Vul een leeftijd van 15 jaar of ouder in."),
        ({**HAVO, "age": "9" * 40}, "Vul een leeftijd tot 80 jaar in."),
        ({**HAVO, "hours": "veel"}, "Vul een heel aantal uren in"),
        ({**HAVO, "start": "1999-01"}, "Kies een startmoment uit de lijst."),
        ({**HAVO, "mkb": "misschien"}, "Kies ja, nee of weet ik niet."),
        ({"stap": "antwoord"}, "Kies een opleiding."),
    ],
)
def test_bad_answers_get_a_clear_dutch_message(client, answers, message):
    make_admission_data()
    response = client.get(url(answers))
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_programme_link_presets_the_programme(client):
    make_admission_data()
    page = client.get("/kan-ik-starten/?programme=ad-ondernemen").content.decode()
    assert '<option value="ad-ondernemen" selected>' in page


def test_the_questions_speak_in_the_visitors_tone(client, personas):
    make_admission_data()
    tone = personas["zij-instromer"].tone
    tone.address = "u"
    tone.save()
    client.get("/voor/zij-instromer/")
    page = client.get("/kan-ik-starten/").content.decode()
    assert "Uw leeftijd op de startdatum, in jaren" in page


@time_machine.travel(D(2026, 4, 15), tick=False)
def test_the_lead_form_opens_with_the_answers_preset(client):
    make_admission_data()
    query = "opleiding=ad-ondernemen&vraag=can_i_start&niveau=mbo4&uren=32&mkb=ja&werkgever=ja"
    page = client.get(f"/interesse/?{query}&start=2026-09").content.decode()
    assert 'value="can_i_start" class="form-check-input" id="id_intent_3" checked' in page or (
        'value="can_i_start"' in page and "checked" in page
    )
    assert '<option value="mbo4" selected>' in page
    assert 'name="hours_per_week" value="32"' in page
    assert '<option value="2026-09" selected>' in page


def test_a_preset_that_is_no_answer_is_left_out(client):
    make_admission_data()
    page = client.get("/interesse/?uren=veel&niveau=phd").content.decode()
    assert 'value="veel"' not in page and "Vul een heel aantal uren" not in page


@time_machine.travel(D(2026, 4, 15), tick=False)
def test_the_answer_costs_the_same_queries_for_every_route(client):
    make_admission_data()
    regular = count_queries(client, url(HAVO))
    assert count_queries(client, url(WORKER)) <= regular + 1  # the 21+ round
    assert regular <= 12


@time_machine.travel(D(2026, 10, 30), tick=False)
def test_a_start_the_21_plus_test_cannot_reach_is_named_with_that_reason(client):
    make_admission_data()
    page = client.get(url({**WORKER, "start": "2027-02"})).content.decode()
    assert "Voor de start van 1 februari 2027 is er geen ronde van de 21+-toets meer" in page
    assert "neemt geen aanmeldingen meer aan" not in page and "is gesloten" not in page
    assert "De eerstvolgende start die je kunt halen, is 1 september 2027." in page


@time_machine.travel(D(2027, 2, 1), tick=False)
def test_a_closed_start_is_named_as_closed(client):
    make_admission_data()
    page = client.get(url({**HAVO, "start": "2027-02"})).content.decode()
    assert "De aanmelding voor de start van 1 februari 2027 is gesloten." in page


@time_machine.travel(D(2027, 6, 1), tick=False)
def test_without_a_21_plus_round_in_time_the_page_says_so_rather_than_closed(client):
    make_admission_data()
    page = client.get(url(WORKER)).content.decode()
    assert "Er is nog geen ronde van de 21+-toets gepland" in page
    assert "neemt geen start van deze opleiding nog aanmeldingen aan" not in page


@pytest.mark.parametrize("diploma", ["vmbo_mbo23", "none"])
@time_machine.travel(D(2026, 4, 15), tick=False)
def test_not_yet_promises_no_start_and_no_intake(client, diploma):
    make_admission_data()
    page = client.get(url({**HAVO, "diploma": diploma, "age": 19, "start": "2026-09"}))
    page = page.content.decode()
    assert "Nog niet, maar er is een route naartoe." in page
    assert "intakegesprek" not in page.lower() and "Ik wil starten" not in page
    assert "Jouw datums" not in page and "start=2026-09" not in page
    assert "Neem contact met mij op" in page


@time_machine.travel(D(2026, 4, 15), tick=False)
def test_no_diploma_is_an_answer_with_its_own_advice(client):
    make_admission_data()
    young = client.get(url({**HAVO, "diploma": "none", "age": 19})).content.decode()
    assert "Zonder diploma geeft deze opleiding nog geen toegang." in young
    assert "Of wacht tot je op de startdatum 21 bent" in young
    older = client.get(url({**HAVO, "diploma": "none", "age": 30})).content.decode()
    assert "via de 21+-toets" in older


@time_machine.travel(D(2026, 4, 15), tick=False)
def test_a_foreign_diploma_is_told_about_diploma_evaluation(client):
    make_admission_data()
    page = client.get(url({**HAVO, "diploma": "foreign", "age": 24})).content.decode()
    assert "beoordeelt eerst of jouw diploma uit het buitenland toegang geeft" in page
    assert "diplomawaardering" in page and "Nuffic" in page
    assert "21+-toets een mogelijkheid" in page  # 24 on the start date
    assert "vrijdag 1 mei 2026" in page
    assert "niveau=" not in page  # the lead form has no such answer: the visitor picks


def require_science_profiles(programme):
    programme.admission_routes.filter(diploma__in=["havo", "vwo"]).update(profiles=["nt", "ng"])


@time_machine.travel(D(2026, 4, 15), tick=False)
def test_the_profile_is_asked_where_the_programme_requires_one(client):
    require_science_profiles(make_admission_data())
    page = client.get(url(HAVO)).content.decode()
    assert "Deze opleiding vraagt met havo of vwo een bepaald profiel." in page
    mbo = client.get(url({**HAVO, "diploma": "mbo4"})).content.decode()
    assert "bepaald profiel" not in mbo and "staat de gewone instroom" in mbo


@time_machine.travel(D(2026, 4, 15), tick=False)
def test_the_answer_says_whether_the_profile_fits(client):
    require_science_profiles(make_admission_data())
    fits = client.get(url({**HAVO, "profile": "nt"})).content.decode()
    assert "Jouw profiel past: de opleiding vraagt Natuur en Techniek (N&amp;T) of" in fits
    misfit = client.get(url({**HAVO, "profile": "cm"})).content.decode()
    assert "Misschien: jouw diploma (Havo) geeft toegang, maar jouw profiel" in misfit
    assert "profiel Cultuur en Maatschappij (C&amp;M) niet direct" in misfit
    assert "deficiëntietoets" in misfit
