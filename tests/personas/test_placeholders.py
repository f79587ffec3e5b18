import pytest
from django.core.exceptions import ValidationError

from mkbroute.lib import placeholders
from personas.models import validate_placeholders
from tests.factories import make_tone

WORDS = {
    "lerende": "werkende die leert",
    "lerenden": "werkenden die leren",
    "je": "u",
    "jouw": "uw",
    "studie": "opleiding",
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Als {lerende} leer je", "Als werkende die leert leer je"),
        ("{Lerende} zijn", "Werkende die leert zijn"),
        ("Alle {lerenden}", "Alle werkenden die leren"),
        ("{Je} werkt", "U werkt"),
        ("met {jouw} baan", "met uw baan"),
        ("{Jouw} {studie}", "Uw opleiding"),
        ("{onbekend} blijft", "{onbekend} blijft"),
        ("{ je } en {} en {{je}}", "{ je } en {} en {u}"),
        ("geen accolades", "geen accolades"),
        ("", ""),
    ],
)
def test_fill_replaces_known_placeholders_and_leaves_the_rest_as_written(text, expected):
    assert placeholders.fill(text, WORDS) == expected


def test_unknown_lists_each_unfillable_placeholder_once():
    text = "{lerende} {leerling} {Leerling} {studie} {leerling}"
    assert placeholders.unknown(text, WORDS) == ["leerling", "Leerling"]


@pytest.mark.django_db
def test_a_tone_fills_its_own_words_in_je_or_u():
    je = make_tone(learner="student", learners="studenten", address="je")
    u = make_tone(learner="werkende die leert", learners="werkenden die leren", address="u")
    u.vocabulary.create(key="studie", value="opleiding")
    assert je.render("{Je} bent {lerende}, {jouw} keuze") == "Je bent student, jouw keuze"
    assert u.render("{Je} bent {lerende}, {jouw} keuze") == "U bent werkende die leert, uw keuze"
    assert u.render("{Jezelf} en {studie}") == "Uzelf en opleiding"
    assert je.render("{studie}") == "{studie}"


@pytest.mark.django_db
def test_the_validator_names_the_unknown_placeholder_and_what_is_possible():
    tone = make_tone()
    tone.vocabulary.create(key="studie", value="opleiding")
    validate_placeholders("{Lerende} en {studie} en {Jouw}")
    with pytest.raises(ValidationError) as error:
        validate_placeholders("Hallo {leerling}")
    message = error.value.messages[0]
    assert "Onbekende plaatshouder: {leerling}" in message
    assert "{lerende}" in message and "{studie}" in message


@pytest.mark.django_db
def test_the_term_tag_speaks_in_the_active_tone():
    from django.template import Context, Template

    tone = make_tone(learner="werkende die leert", learners="werkenden die leren", address="u")
    template = Template('{% load tone %}{% term "Lerende" %}, {% term "jouw" %}, {% term "x" %}')
    assert template.render(Context({"tone": tone})) == "Werkende die leert, uw, x"


@pytest.mark.django_db
def test_text_that_slipped_past_the_admin_is_shown_as_written(client):
    from tests.factories import make_persona

    tone = make_tone(is_default=True)
    persona = make_persona(tone, title="Welkom {leerling} <b>", lead="{Je} {jezelf", body="}{")
    response = client.get(persona.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Welkom {leerling} &lt;b&gt;" in html
    assert "Je {jezelf" in html
