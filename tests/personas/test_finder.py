import pytest

from personas import finder_rules as rules
from personas.finder_rules import advise

FINDER = "/keuzehulp/?stap=uitslag"


@pytest.mark.parametrize(
    ("answers", "group"),
    [
        (("mbo4", "looking", "keep_learning", False), rules.MBO4),
        (("mbo4", "mkb_job", "keep_learning", False), rules.MBO4),
        (("havo", "looking", "keep_learning", False), rules.HAVO),
        (("vwo", "other_job", "keep_learning", False), rules.VWO),
        (("hbo_started", "looking", "keep_learning", False), rules.HBO_DROPOUT),
        (("mbo4", "mkb_job", "keep_learning", True), rules.EMPLOYEE_STEP_UP),
        (("havo", "other_job", "keep_learning", True), rules.EMPLOYEE_STEP_UP),
        (("mbo4", "mkb_job", "diploma_for_work", True), rules.EMPLOYEE_VERZILVEREN),
        (("vwo", "other_job", "new_profession", True), rules.CAREER_SWITCHER),
        (("mbo4", "looking", "new_profession", True), rules.CAREER_SWITCHER),
    ],
)
def test_each_target_group_is_reached(answers, group):
    assert advise(*answers).target_group == group


def test_without_a_diploma_and_under_21_there_is_no_hbo_route_yet():
    advice = advise("vmbo_mbo23", "mkb_job", "keep_learning", False)
    assert advice.admission == rules.NO_ROUTE_YET
    assert advice.target_group is None


def test_without_a_diploma_from_21_the_entrance_test_opens_the_route():
    advice = advise("vmbo_mbo23", "mkb_job", "keep_learning", True)
    assert advice.admission == rules.ENTRANCE_TEST
    assert advice.target_group == rules.EMPLOYEE_STEP_UP


def test_odd_combinations_still_give_advice():
    assert advise("vmbo_mbo23", "looking", "keep_learning", True).target_group == (
        rules.CAREER_SWITCHER
    )
    assert advise("hbo_started", "mkb_job", "diploma_for_work", False).target_group == (
        rules.EMPLOYEE_VERZILVEREN
    )
    assert advise("vwo", "looking", "diploma_for_work", False).target_group == rules.VWO


@pytest.mark.parametrize("goal", ["new_profession", "diploma_for_work", "keep_learning"])
@pytest.mark.parametrize("education", ["mbo4", "havo", "vwo"])
def test_a_school_leaver_under_21_is_never_addressed_as_a_career_switcher(education, goal):
    assert advise(education, "looking", goal, False).target_group == education


@pytest.mark.parametrize("work", ["mkb_job", "other_job"])
@pytest.mark.parametrize("education", ["havo", "vwo"])
def test_a_working_school_leaver_under_21_is_spoken_to_by_their_diploma(education, work):
    assert advise(education, work, "diploma_for_work", False).target_group == education


def test_the_employer_advice_follows_the_work_situation():
    assert not advise("mbo4", "mkb_job", "keep_learning", True).needs_employer
    other = advise("mbo4", "other_job", "keep_learning", True)
    assert other.needs_employer and other.employer_may_qualify


def test_an_answer_that_is_not_on_the_form_is_refused():
    with pytest.raises(ValueError):
        advise("phd", "mkb_job", "keep_learning", True)


def test_the_finder_shows_four_questions_without_errors(client, personas):
    response = client.get("/keuzehulp/")
    html = response.content.decode()
    assert html.count("<fieldset") == 4
    assert "alert-danger" not in html


def test_an_empty_submit_explains_in_dutch_what_is_missing(client, personas):
    html = client.get(FINDER).content.decode()
    assert "Nog niet alles is ingevuld" in html
    assert "Kies jouw hoogste afgeronde opleiding." in html
    assert "Kies jouw leeftijd." in html


@pytest.mark.parametrize(
    "query",
    [
        "&education=phd&work=mkb_job&goal=keep_learning&over_21=ja",
        "&education[]=mbo4&work=%00&goal=" + "x" * 3000 + "&over_21=ja",
        "&education=mbo4&education=havo&work=mkb_job&goal=keep_learning",
    ],
)
def test_a_forged_submit_gets_a_dutch_message_not_a_500(client, personas, query):
    response = client.get(FINDER + query)
    assert response.status_code == 200
    assert "Nog niet alles is ingevuld" in response.content.decode()
    assert "toon" not in response.cookies


def test_the_result_names_the_group_sets_its_tone_and_shows_programmes(client, personas):
    response = client.get(
        FINDER + "&education=mbo4&work=other_job&goal=diploma_for_work&over_21=ja"
    )
    html = response.content.decode()
    assert "Ik werk al op hbo-niveau" in html
    assert response.cookies["toon"].value == "werkende-die-leert"
    assert "Ondernemen" in html
    assert "/interesse/?persona=zij-instromer&amp;doelgroep=" in html
    assert "telt die als mkb" in html
    assert "directe instroom" in html


def test_the_result_explains_the_entrance_test(client, personas):
    html = client.get(
        FINDER + "&education=vmbo_mbo23&work=mkb_job&goal=keep_learning&over_21=ja"
    ).content.decode()
    assert "21+-toets" in html
    assert "Bespreek met jouw werkgever" in html


def test_the_result_kindly_points_the_young_without_a_diploma_elsewhere(client, personas):
    response = client.get(
        FINDER + "&education=vmbo_mbo23&work=looking&goal=keep_learning&over_21=nee"
    )
    html = response.content.decode()
    assert "Nog geen hbo-route" in html
    assert "bbl" in html
    assert "toon" not in response.cookies


def test_a_group_without_its_own_tone_speaks_in_its_personas_tone(client, personas):
    response = client.get(FINDER + "&education=havo&work=looking&goal=keep_learning&over_21=nee")
    assert response.cookies["toon"].value == "student"
