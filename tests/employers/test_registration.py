import pytest
from django.core import mail as django_mail
from django.test import Client

from employers import mails
from employers.models import Employer, Werkplek
from leads import outbox
from tests.factories import make_programme, make_student_tone
from tests.leads.helpers import run_worker
from tests.mkbroute.test_personal_links import open_link

from .helpers import COMPANY, hidden_fields, make_employer, place_fields, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    return make_programme(name="Engineering")


def errors_of(response):
    return response.content.decode()


def test_the_employer_pages_speak_the_u_form_whatever_the_visitors_tone(client, programme):
    make_student_tone()
    client.cookies["toon"] = "student"
    for url in ("/werkgevers/", "/werkgevers/aanmelden/"):
        response = client.get(url)
        main = response.content.decode().split("<main", 1)[1].split("</main>")[0]
        assert " je " not in main and " jouw " not in main
        assert "toon" not in response.cookies  # the visitor keeps their own tone elsewhere
    assert "Wat het u oplevert" in client.get("/werkgevers/").content.decode()
    assert "Laat jouw gegevens achter" in client.get("/interesse/").content.decode()


def test_a_registration_is_stored_hidden_and_admissions_hear_of_it(
    client, programme, mailoutbox, settings
):
    response = register(client, programme)
    assert response.status_code == 302
    assert response["Location"] == "/werkgevers/aanmelden/bedankt/"
    employer = Employer.objects.get()
    assert employer.status == Employer.Status.REGISTERED
    assert employer.kvk_number == "12345678"
    assert (employer.pc4, employer.province) == ("3811", "UT")
    werkplek = Werkplek.objects.get()
    assert list(werkplek.programmes.all()) == [programme]
    assert (werkplek.place, werkplek.pc4) == ("Amersfoort", "3811")  # the company's, left empty
    # Not public until admissions screened the employer.
    assert werkplek.title not in client.get("/werkplekken/").content.decode()
    assert client.get(werkplek.get_absolute_url()).status_code == 404
    assert mailoutbox == []  # the mail leaves the request: the worker sends it
    run_worker()
    [notice] = [
        message for message in mailoutbox if message.to == [settings.EMPLOYERS_NOTIFY_EMAIL]
    ]
    assert "Installatietechniek De Vries" in notice.subject
    assert f"/admin/employers/employer/{employer.pk}/change/" in notice.body


def test_the_contact_person_gets_a_confirmation_with_their_link(client, programme, mailoutbox):
    register(client, programme)
    run_worker()
    [confirmation] = [m for m in mailoutbox if m.to == ["henk@devries-installatie.example"]]
    assert "Installatietechniek De Vries" in confirmation.subject
    link = next(line for line in confirmation.body.splitlines() if "/werkgevers/mijn/?t=" in line)
    page = open_link(client, link.strip())
    assert page.status_code == 200
    assert "Servicemonteur in opleiding" in page.content.decode()
    assert "Toelating bekijkt uw aanmelding nog" in page.content.decode()


def test_several_places_in_one_registration(client, programme):
    places = [place_fields(programme, 0), place_fields(programme, 1, title="Werkvoorbereider")]
    assert register(client, programme, places=places).status_code == 302
    titles = set(Werkplek.objects.values_list("title", flat=True))
    assert titles == {"Servicemonteur in opleiding", "Werkvoorbereider"}


def test_adding_a_place_keeps_what_was_typed_and_shows_no_errors_yet(client, programme):
    page = client.get("/werkgevers/aanmelden/").content.decode()
    data = {"name": "Half ingevuld", "plek-TOTAL_FORMS": "1", "nog_een_werkplek": "1"}
    data.update(place_fields(programme, 0, title="Eerste plek"))
    response = client.post("/werkgevers/aanmelden/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="Half ingevuld"' in page and 'value="Eerste plek"' in page
    assert 'name="plek-1-title"' in page
    assert "Controleer het formulier" not in page
    assert not Employer.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kvk_number": "1234567"}, "Een KvK-nummer bestaat uit acht cijfers"),
        ({"kvk_number": "12ab5678"}, "Een KvK-nummer bestaat uit acht cijfers"),
        ({"pc4": "0999"}, "Deze postcode kennen we niet in Nederland"),
        ({"pc4": "B-2000"}, "Deze postcode kennen we niet in Nederland"),
        ({"place": "Antwerpen", "pc4": "2011"}, "We kennen Antwerpen niet als plaats in Nederland"),
        ({"place": "Groningen", "pc4": "3811"}, "Postcode 3811 ligt bij Amersfoort"),
        ({"employees": "400"}, "minder dan 250"),
        ({"contact_email": "henk@"}, "Dit e-mailadres klopt niet"),
        ({"consent": None}, "Zonder deze toestemming"),
    ],
)
def test_bad_input_gets_a_clear_dutch_message_and_nothing_is_stored(
    client, programme, change, message
):
    response = register(client, programme, **change)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Employer.objects.exists()
    assert 'value="Installatietechniek De Vries"' in response.content.decode()  # nothing lost


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"hours_per_week": "8"}, "ten minste 16 uur"),
        ({"programmes": []}, "Kies ten minste één opleiding"),
        ({"place": "Brussel", "pc4": "1011"}, "We kennen Brussel niet als plaats in Nederland"),
        ({"salary_min": "3000", "salary_max": "2000"}, "lager dan het salaris"),
        ({"hours_per_week": "20"}, "Engineering vraagt minimaal 24 uur"),
    ],
)
def test_a_bad_place_gets_a_message_naming_the_place(client, programme, change, message):
    response = register(client, programme, places=[place_fields(programme, **change)])
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page and "Werkplek 1" in page
    assert not Employer.objects.exists()


def test_a_known_kvk_number_mails_the_link_to_the_known_contact_person(
    client, programme, mailoutbox
):
    known = make_employer(kvk_number="12345678", contact_email="oud@bedrijf.example")
    response = register(client, programme, contact_email="iemand@anders.example")
    assert response.status_code == 302
    assert response["Location"] == "/werkgevers/aanmelden/bekend/"
    page = client.get(response["Location"]).content.decode()
    assert "We hebben de contactpersoon van het bedrijf een e-mail gestuurd" in page
    assert "oud@bedrijf.example" not in page
    assert Employer.objects.count() == 1 and known.werkplekken.count() == 0
    run_worker()
    [message] = mailoutbox
    assert message.to == ["oud@bedrijf.example"]
    assert "/werkgevers/mijn/?t=" in message.body
    link = next(line for line in message.body.splitlines() if "/werkgevers/mijn/?t=" in line)
    assert known.name in open_link(Client(), link.strip()).content.decode()


def test_a_known_kvk_number_gets_the_same_answer_whoever_the_contact_is(client, programme):
    make_employer(kvk_number="12345678", contact_email="", status=Employer.Status.STOPPED)
    response = register(client, programme)
    assert response["Location"] == "/werkgevers/aanmelden/bekend/"
    run_worker()
    assert not outbox.Mail.objects.filter(kind__endswith="personal_link").exists()


def test_a_known_kvk_number_mails_the_contact_a_few_times_an_hour_at_most(client, programme):
    employer = make_employer(kvk_number="12345678")
    for _ in range(5):
        response = register(client, programme)
        assert response["Location"] == "/werkgevers/aanmelden/bekend/"
        run_worker()
    mail = outbox.mail_of(mails.personal_link, employer.pk)
    assert mail.status == "sent"
    sent = [m for m in django_mail.outbox if m.to == [employer.contact_email]]
    assert len(sent) == 3  # the limit of /werkgevers/link/ per address


def test_trying_known_kvk_numbers_in_bulk_is_refused_per_network(client, programme):
    """The answer tells that a number is known, so a network may ask it as often as it may
    ask for links: 30 an hour, whether the company can be mailed or not."""
    stopped = make_employer(kvk_number="12345678", status=Employer.Status.STOPPED)
    others = [make_employer() for _ in range(29)]
    for employer in [stopped, *others]:
        response = register(client, programme, kvk_number=employer.kvk_number)
        assert response["Location"] == "/werkgevers/aanmelden/bekend/"
    response = register(client, programme, kvk_number=others[0].kvk_number)
    assert response.status_code == 429
    assert "Probeer het over een uur opnieuw" in response.content.decode()
    from_elsewhere = Client(REMOTE_ADDR="192.0.2.7")
    assert register(from_elsewhere, programme, kvk_number="12345678").status_code == 302


def test_a_known_kvk_number_sent_by_a_bot_mails_nobody(client, programme):
    make_employer(kvk_number="12345678")
    response = register(client, programme, website="http://spam.example")
    assert "Dit bericht kon niet worden verstuurd" in response.content.decode()
    assert not outbox.Mail.objects.exists()


def test_spam_defences_of_the_lead_forms_hold_here_too(client, programme, settings):
    assert (
        "Dit bericht kon niet worden verstuurd"
        in register(client, programme, website="http://spam.example").content.decode()
    )
    assert "verlopen of onvolledig" in register(client, programme, token="vals").content.decode()
    settings.LEADS_MIN_FILL_SECONDS = 60
    assert "wel heel snel" in register(client, programme).content.decode()
    assert not Employer.objects.exists()


def test_the_rate_limit_of_the_lead_forms_counts_registrations(client, programme, settings):
    settings.LEADS_RATE_LIMIT = "1/h"
    assert register(client, programme).status_code == 302
    response = register(client, programme, kvk_number="87654321")
    assert response.status_code == 429
    assert Employer.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"salary_min": "2147483648"}, "Vul een bedrag tot 2147483647 in"),
        ({"salary_max": "99999999999999999999"}, "Vul een bedrag tot 2147483647 in"),
        ({"salary_min": "-1"}, "Vul een bedrag van 0 of meer in"),
        ({"places": "2147483648"}, "Vul ten hoogste 50 plekken in"),
        ({"programmes": ["99999999999999999999"]}, "Kies een opleiding uit de lijst"),
    ],
)
def test_it_refuses_a_number_too_big_for_the_database_with_a_dutch_message(
    client, programme, change, message
):
    response = register(client, programme, places=[place_fields(programme, **change)])
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Employer.objects.exists()


def test_it_refuses_more_employees_than_the_database_holds_as_not_mkb(client, programme):
    response = register(client, programme, employees="99999999999999999999")
    assert response.status_code == 200
    assert "minder dan 250" in response.content.decode()
    assert not Employer.objects.exists()


def test_a_registration_sent_twice_is_one_registration_with_its_thank_you_page(client, programme):
    page = client.get("/werkgevers/aanmelden/").content.decode()
    data = {**hidden_fields(page, "/werkgevers/aanmelden/"), **COMPANY, **place_fields(programme)}
    data["plek-TOTAL_FORMS"] = "1"
    first, again = (
        client.post("/werkgevers/aanmelden/", data),
        client.post("/werkgevers/aanmelden/", data),
    )
    assert first["Location"] == again["Location"] == "/werkgevers/aanmelden/bedankt/"
    assert Employer.objects.count() == Werkplek.objects.count() == 1


def test_one_form_registers_one_company_and_a_second_gets_a_form_of_its_own(client, programme):
    page = client.get("/werkgevers/aanmelden/").content.decode()
    data = {**hidden_fields(page, "/werkgevers/aanmelden/"), **COMPANY, **place_fields(programme)}
    data["plek-TOTAL_FORMS"] = "1"
    assert client.post("/werkgevers/aanmelden/", data).status_code == 302
    other = {**data, "name": "Bakkerij Jansen", "kvk_number": "87654321"}
    response = client.post("/werkgevers/aanmelden/", other)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Dit formulier is al verstuurd, met andere gegevens" in page
    assert 'value="Bakkerij Jansen"' in page
    assert Employer.objects.count() == 1
    fresh = hidden_fields(page, "/werkgevers/aanmelden/")["token"]
    assert fresh != data["token"]
    assert client.post("/werkgevers/aanmelden/", {**other, "token": fresh}).status_code == 302
    assert Employer.objects.count() == 2


ONE_LINE = "Gebruik gewone tekens op één regel, zonder regeleinden of tabs."


@pytest.mark.parametrize(
    "change",
    [
        {"name": "De Vries\r\nBcc: iedereen@example.nl"},
        {"contact_name": "Henk\nde Vries"},
        {"contact_role": "Eigenaar\u2028Bcc: x"},
        {"place": "Amers\tfoort"},
    ],
)
def test_a_line_break_or_control_character_in_a_company_line_is_refused(client, programme, change):
    response = register(client, programme, **change)
    assert response.status_code == 200
    assert ONE_LINE in response.content.decode()
    assert not Employer.objects.exists()


@pytest.mark.parametrize(
    "change", [{"title": "Monteur\r\nBcc: iedereen@example.nl"}, {"place": "Utrecht\x1b[2J"}]
)
def test_a_line_break_or_control_character_in_a_place_line_is_refused(client, programme, change):
    response = register(client, programme, places=[place_fields(programme, **change)])
    assert response.status_code == 200
    assert ONE_LINE in response.content.decode()
    assert not Employer.objects.exists()


def test_line_breaks_in_the_description_are_welcome(client, programme):
    description = "Je leert:\r\n\r\n- storingen zoeken\r\n- klanten helpen"
    places = [place_fields(programme, description=description)]
    assert register(client, programme, places=places).status_code == 302
