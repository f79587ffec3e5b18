"""The mapping from an OOAPI program to our fields, read without a database or a server; and
the test server's own contract check, which the import tests stand on."""

import pytest

from programmes.models import Programme
from programmes.ooapi import mapping
from programmes.ooapi.mapping import BrokenContract, read_offering, read_program
from tests.programmes.ooapi_server import contract_errors, example, offering, program, text


def page(items):
    paging = {"pageSize": 10, "pageNumber": 1, "hasPreviousPage": False, "hasNextPage": False}
    return {**paging, "items": items}


def test_the_test_servers_documents_keep_the_contract_and_a_broken_one_is_caught():
    good = program("Ondernemen", croho="80072")
    assert contract_errors("/programs", page([good])) == []
    assert contract_errors("/programs", page([example("Program")])) == []
    start = offering("2027-09-01")
    assert contract_errors("/programs/{programId}/offerings", page([start])) == []

    broken = {**good, "modeOfStudy": "evening", "studyLoad": {"studyLoadUnit": "ec"}}
    errors = contract_errors("/programs", page([broken]))
    assert any("modeOfStudy" in error for error in errors)
    assert any("studyLoadUnit" in error for error in errors)


def test_our_degrees_are_the_programmes_degrees():
    assert set(mapping.DEGREE_BY_LEVEL.values()) == set(Programme.Degree.values)
    assert set(mapping.STANDARD) == set(Programme.Degree.values)


@pytest.mark.parametrize("duration, years", [("P2Y", 2), ("P24M", 2), ("P3Y12M", 4), ("P1Y", 1)])
def test_a_duration_in_whole_years_becomes_years(duration, years):
    assert read_program(program("X", duration=duration)).values["duration_years"] == years


@pytest.mark.parametrize("duration", ["P18M", "P2Y3D", "PT40H"])
def test_a_duration_of_no_whole_years_skips_the_programme(duration):
    assert "geen heel aantal jaren" in read_program(program("X", duration=duration)).skip


def test_a_duration_that_is_no_iso_8601_breaks_the_contract():
    with pytest.raises(BrokenContract, match="duration is geen ISO 8601-duur"):
        read_program(program("X", duration="2 jaar"))


def test_without_level_the_level_of_qualification_decides():
    document = program("X", level="bachelor", ects=240, duration="P4Y")
    del document["level"]
    assert read_program(document).values["degree"] == "bachelor"


def test_without_study_load_and_duration_a_degree_has_its_standard_ones():
    document = program("X")
    del document["studyLoad"], document["duration"]
    values = read_program(document).values
    assert (values["ec"], values["duration_years"]) == (120, 2)


def test_a_study_load_in_hours_is_not_taken_for_ec():
    document = program("X", studyLoad={"studyLoadUnit": "sbu", "value": 3360})
    assert "niet in hele EC (3360 sbu)" in read_program(document).skip


def test_an_unknown_value_names_what_the_contract_allows():
    with pytest.raises(BrokenContract) as caught:
        read_program(program("X", mode="evening"))
    assert "modeOfStudy heeft de onbekende waarde “evening”" in str(caught.value)
    assert "full-time, part-time, dual training, self-paced" in str(caught.value)


def test_a_long_description_is_cut_at_a_sentence_for_the_summary():
    sentence = "Je werkt vier dagen en je leert een dag per week op de hogeschool. "
    summary = read_program(program("X", description=sentence * 8)).values["summary"]
    assert len(summary) <= 300 and summary.endswith("hogeschool.")


def test_plain_nl_counts_as_dutch_and_english_alone_does_not():
    assert read_program(program("X", language="nl")).values["name"] == "X"
    english = program("X", language="en-GB")
    assert "geen Nederlandse tekst (nl-NL) voor name" in read_program(english).skip


def test_a_field_of_study_gives_a_new_programme_its_vakgebied():
    assert read_program(program("X", fieldsOfStudy="0613")).field_name == "ICT"
    assert read_program(program("X", fieldsOfStudy="9999")).field_name == "Nog in te delen"


def test_a_cost_in_another_currency_is_skipped_and_named():
    dollars = {"costType": "total costs", "amount": "3000", "currency": "USD"}
    books = {"costType": "x-boeken", "amount": "450.50"}
    start = offering("2027-02-01", priceInformation=[dollars, books])
    found = read_offering(start, "Ondernemen")
    assert [(c.name, str(c.amount), c.valid_from.isoformat()) for c in found.costs] == [
        ("x-boeken", "450.50", "2026-09-01")
    ]
    assert "kosten “total costs” zonder bedrag in euro" in found.skipped_costs[0]


def test_a_name_made_of_something_else_than_texts_breaks_the_contract():
    with pytest.raises(BrokenContract, match="name bevat iets anders dan een tekst"):
        read_program({**program("X"), "name": ["Ondernemen"]})
    assert read_program({**program("X"), "name": text("Y")}).values["name"] == "Y"
