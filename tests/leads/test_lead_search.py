"""Finding a person in the lead list by name, address or phone, however they were written."""

import pytest

from leads.search import name_key, phone_key
from tests.factories import make_lead

pytestmark = pytest.mark.django_db
LIST = "/admin/leads/lead/"


def found(client, query):
    response = client.get(LIST, {"q": query})
    assert response.status_code == 200
    return {lead.email for lead in response.context["cl"].result_list}


@pytest.fixture
def people():
    make_lead("ode@example.nl", first_name="Øystein", last_name="Ødegård", phone="06-12345678")
    make_lead("kaya@voorbeeld.nl", first_name="Ayşe", last_name="Yılmaz", phone="+31 6 8765 4321")
    make_lead("Sanne.Jansen@Example.NL", first_name="Sanne", last_name="’t Hooft-Jansen")
    make_lead("jan@example.nl", first_name="Jan", last_name="de Boer", phone="010 123 4567")


def test_names_are_found_without_accents_or_case(admissions, people):
    assert found(admissions, "odegard") == {"ode@example.nl"}
    assert found(admissions, "YILMAZ") == {"kaya@voorbeeld.nl"}
    assert found(admissions, "ayse") == {"kaya@voorbeeld.nl"}
    assert found(admissions, "'t hooft") == {"Sanne.Jansen@Example.NL"}


def test_every_word_must_match_somewhere(admissions, people):
    assert found(admissions, "sanne jansen") == {"Sanne.Jansen@Example.NL"}
    assert found(admissions, "jan example.nl") == {"jan@example.nl", "Sanne.Jansen@Example.NL"}
    assert found(admissions, "jan boer") == {"jan@example.nl"}


def test_a_whole_address_finds_its_mailbox_however_it_is_written(admissions, people):
    assert found(admissions, "sanne.jansen@example.nl") == {"Sanne.Jansen@Example.NL"}
    assert found(admissions, " JAN@EXAMPLE.NL ") == {"jan@example.nl"}
    assert found(admissions, "an@example.nl") == set(), "an address is a mailbox, not a part"


def test_part_of_an_address_finds_every_address_with_it(admissions, people):
    assert found(admissions, "voorbeeld") == {"kaya@voorbeeld.nl"}
    assert found(admissions, "@example.nl") == {
        "ode@example.nl",
        "Sanne.Jansen@Example.NL",
        "jan@example.nl",
    }


@pytest.mark.parametrize(
    ("query", "who"),
    [
        ("06 1234 5678", "ode@example.nl"),
        ("0612345678", "ode@example.nl"),
        ("+31 6 12345678", "ode@example.nl"),
        ("0031612345678", "ode@example.nl"),
        ("06-87654321", "kaya@voorbeeld.nl"),
        ("87654321", "kaya@voorbeeld.nl"),
        ("(010) 123-4567", "jan@example.nl"),
    ],
)
def test_a_phone_number_is_found_in_any_of_its_forms(admissions, people, query, who):
    assert found(admissions, query) == {who}


def test_the_keys_follow_a_correction_of_name_or_phone(admissions, people):
    lead = make_lead("later@example.nl", first_name="Piet", last_name="Smit")
    lead.correct({"last_name": "Ødegård-Smit", "phone": "06 55 55 55 55"})
    assert found(admissions, "odegard-smit") == {"later@example.nl"}
    assert found(admissions, "0655555555") == {"later@example.nl"}
    lead.refresh_from_db()
    assert (lead.name_key, lead.phone_digits) == ("piet odegard-smit", "0655555555")


def test_how_names_and_phone_numbers_are_normalised():
    assert name_key("Zoë", "’t Hooft-van der Meer") == "zoe 't hooft-van der meer"
    assert name_key("  Ömer ", "Yılmaz") == "omer yilmaz"
    assert phone_key("+31 (0)6 1234 5678") == "0612345678"
    assert phone_key("06-12345678") == "0612345678"
    assert phone_key("+32 470 12 34 56") == "32470123456"
    assert phone_key("") == ""
