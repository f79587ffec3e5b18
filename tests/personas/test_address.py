"""Every public page speaks one form of address: a je-page says no "u", a u-page no "je"."""

import pytest
from django.core import mail

from employers.models import Werkplek
from personas.models import Persona, TargetGroup
from personas.tone import COOKIE
from programmes.models import Event, Programme
from tests.leads.helpers import run_worker, submit
from tests.personas.address import sentences_with, wrong_address
from tests.personas.visible import visible_text

pytestmark = pytest.mark.django_db

# Demo tones: the student reads je, the werkende die leert reads u.
TONES = {"je": "student", "u": "werkende-die-leert"}
FINDER = "/keuzehulp/?stap=uitslag&education={}&work={}&goal={}&over_21={}"


def public_pages():
    """Every kind of public page, with the answers and objects that change what it says."""
    pages = ["/", "/opleidingen/", "/activiteiten/", "/keuzehulp/", "/keuzehulp/?stap=uitslag"]
    pages += [
        "/interesse/",
        "/interesse/bedankt/",
        "/interesse/bedankt/?verzonden=1",
        "/werkplekken/",
        "/werkplekken/?postcode=9999",
    ]
    pages += ["/privacy/", "/toegankelijkheid/", "/bestaat/niet/", "/interesse/bevestigen/x/"]
    pages += ["/werkgevers/", "/werkgevers/aanmelden/", "/werkgevers/aanmelden/bedankt/"]
    pages += ["/kan-ik-starten/", "/activiteiten/?wanneer=avond"]
    check = "/kan-ik-starten/?stap=antwoord&programme=ad-ondernemen&diploma={}&age={}&hours={}"
    for diploma, age, hours in [("havo", 18, 0), ("vmbo_mbo23", 41, 38), ("vmbo_mbo23", 19, 0)]:
        pages += [check.format(diploma, age, hours), check.format(diploma, age, hours) + "&mkb=ja"]
    pages.append(check.format("havo", 18, 0) + "&afdrukken=1")
    pages += [persona.get_absolute_url() for persona in Persona.objects.active()]
    pages += [programme.get_absolute_url() for programme in Programme.objects.published()]
    pages += [event.get_absolute_url() for event in Event.objects.published()]
    werkplek = Werkplek.objects.public().first()
    pages += [werkplek.get_absolute_url(), f"{werkplek.get_absolute_url()}reageren/"]
    for answers in [
        ("mbo4", "looking", "keep_learning", "nee"),
        ("havo", "other_job", "keep_learning", "nee"),
        ("mbo4", "mkb_job", "diploma_for_work", "ja"),
        ("vmbo_mbo23", "other_job", "new_profession", "ja"),
        ("vmbo_mbo23", "looking", "keep_learning", "nee"),
    ]:
        pages.append(FINDER.format(*answers))
    return pages


def spoken_and_wrong(response):
    """The form of address a page speaks, and its sentences in the other form.

    A page may speak another tone than the visitor's (a persona's landing page, the pages
    for employers): it is judged by the tone it speaks.
    """
    address = response.wsgi_request.tone.address
    text = visible_text(response.content.decode())
    return address, sentences_with(text, wrong_address(text, address))


def assert_one_address(response, where):
    address, wrong = spoken_and_wrong(response)
    assert not wrong, f"{where} ({address}): {wrong}"
    return address


@pytest.mark.parametrize("address", ["je", "u"])
def test_every_public_page_speaks_one_form_of_address(client, demo_content, address):
    client.cookies[COOKIE] = TONES[address]
    spoken, mixed = set(), {}
    for url in public_pages():
        response = client.get(url)
        assert response.status_code in (200, 400, 404), url
        page_address, wrong = spoken_and_wrong(response)
        spoken.add(page_address)
        if wrong:
            mixed[f"{url} ({page_address})"] = wrong
    assert not mixed, "\n".join(f"{page}: {wrong}" for page, wrong in mixed.items())
    assert address in spoken


@pytest.mark.parametrize("address", ["je", "u"])
def test_a_form_with_errors_speaks_one_form_of_address(client, demo_content, address):
    client.cookies[COOKIE] = TONES[address]
    response = submit(client, first_name="", email="geen-adres", consent_contact=None, intent="")
    assert response.status_code == 200
    summary = visible_text(response.content.decode().split('id="formulier-fouten"')[1])
    assert "helpen? Kies" in summary and "?:" not in summary, "no doubled punctuation"
    assert assert_one_address(response, "interesse met fouten") == address


@pytest.mark.parametrize("address", ["je", "u"])
def test_the_thank_you_page_and_the_mail_speak_one_form_of_address(client, demo_content, address):
    group = next(g for g in TargetGroup.objects.active() if g.active_tone.address == address)
    event = Event.objects.published().upcoming().first()
    response = submit(client, page=event.get_absolute_url(), follow=True, target_group=group.slug)
    assert response.wsgi_request.path == "/interesse/bedankt/"
    assert assert_one_address(response, "bedankt na aanmelding") == address
    run_worker()
    [confirmation] = [m for m in mail.outbox if m.to == ["zoe@example.nl"]]
    text = f"{confirmation.subject}\n{confirmation.body}"
    assert not wrong_address(text, address), sentences_with(text, wrong_address(text, address))


@pytest.mark.parametrize(
    ("text", "address", "wrong"),
    [
        ("U werkt en je leert.", "u", ["je"]),
        ("Dan heb u recht op een plek.", "u", ["heb"]),
        ("Wat je kunt, hoeft je niet te leren.", "je", ["hoeft"]),
        ("Dan hebt u recht; heb je dat?", "u", ["je"]),
        ("Jij en jouw werkgever", "u", ["Jij", "jouw"]),
        ("Je werkt en uw baan", "je", ["uw"]),
        ("Hij zei “jij kunt het” tegen u.", "u", []),
        ("Uren, uitleg en duur", "je", []),
    ],
)
def test_the_check_finds_only_words_of_the_other_form(text, address, wrong):
    assert wrong_address(text, address) == wrong
