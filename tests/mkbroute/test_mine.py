"""/mijn/: a person sees and corrects what we store, through their personal link."""

import csv
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format

from employers import matching
from leads.models import PRIVACY_VERSION, Consent, Lead, PersonHistory, Submission
from tests.employers.answering import introduce
from tests.employers.helpers import make_alert, make_werkplek
from tests.factories import (
    make_channel,
    make_event,
    make_lead,
    make_persona,
    make_programme,
    make_target_group,
    make_tone,
)
from tests.mkbroute.test_mail_links import database
from tests.personas.address import sentences_with, wrong_address
from tests.personas.visible import visible_text

from .own_page import act, opened, shown_message

pytestmark = pytest.mark.django_db


def person(email="kim@example.nl", **details):
    values = {"first_name": "Kim", "phone": "0612345678", "postcode": "3511"}
    return make_lead(email, **{**values, **details})


def test_correcting_details_changes_them_and_writes_the_old_values_in_the_history():
    lead = person(preferred_start="asap", hours_per_week=32)
    client = opened(lead)
    response = act(
        client,
        "/mijn/gegevens/",
        first_name="Kimberley",
        last_name="de Vries",
        phone="06 87654321",
        postcode="9711 AB",
        preferred_start="later",
        hours_per_week="24",
    )
    assert response.status_code == 302 and response["Location"] == "/mijn/"
    assert shown_message(client) == "Jouw gegevens zijn bijgewerkt."
    lead.refresh_from_db()
    assert (lead.first_name, lead.phone) == ("Kimberley", "06 87654321")
    submission = lead.submissions.get()
    assert (submission.postcode, submission.preferred_start, submission.hours_per_week) == (
        "9711",
        "later",
        24,
    )
    history = {h.what: h.via_link for h in lead.history.all()}
    assert history == {
        "Voornaam gewijzigd (was: Kim)": True,
        "Telefoon gewijzigd (was: 0612345678)": True,
        "Postcode (4 cijfers) gewijzigd (was: 3511)": True,
        "Gewenste start gewijzigd (was: zo snel mogelijk)": True,
        "Uren per week gewijzigd (was: 32)": True,
    }
    page = client.get("/mijn/").content.decode()
    assert "via persoonlijke link" in page and "later" in page


def test_the_same_details_sent_again_change_nothing():
    lead = person(preferred_start="asap")
    client = opened(lead)
    same = {"first_name": "Kim", "last_name": "de Vries", "phone": "0612345678"}
    act(client, "/mijn/gegevens/", **same, postcode="3511", preferred_start="asap")
    assert shown_message(client) == "Er was niets veranderd."
    assert not lead.history.exists()


def test_a_correction_is_what_admissions_and_matching_read(admissions):
    """The latest submission, an event sign-up, holds no postcode: matching read the older
    one's. The correction is what both read now, and a cleared answer is cleared."""
    lead = person(hours_per_week=32, has_employer=False)
    make_lead("kim@example.nl", event=make_event(), intent="event")
    client = opened(lead)
    details = {"first_name": "Kim", "last_name": "de Vries", "phone": "0612345678"}

    act(client, "/mijn/gegevens/", **details, postcode="9711", hours_per_week="32")
    assert matching.Profile.of(lead.submissions.all()).pc4 == "9711"
    assert exported(admissions)["Postcode"] == "9711"
    assert matching.Profile.of(lead.submissions.all()).hours == 32, "unchanged, still read"

    act(client, "/mijn/gegevens/", **details, postcode="", hours_per_week="32")
    assert matching.Profile.of(lead.submissions.all()).pc4 == ""
    assert exported(admissions)["Postcode"] == ""
    assert not Submission.objects.exclude(postcode="").exists()
    assert "Postcode (4 cijfers) gewijzigd (was: 9711)" in {h.what for h in lead.history.all()}


def exported(admissions):
    raw = b"".join(admissions.get("/admin/leads/lead/export/").streaming_content)
    header, row = csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";")
    return dict(zip(header, row, strict=True))


def test_a_correction_is_checked_as_the_lead_form_checks():
    lead = person()
    client = opened(lead)
    response = act(
        client,
        "/mijn/gegevens/",
        first_name="123",
        last_name="",
        phone="12",
        postcode="0000",
        hours_per_week="61",
    )
    html = response.content.decode()
    assert response.status_code == 200
    for error in (
        "Een naam bestaat uit letters.",
        "Vul jouw achternaam in.",
        "Dit telefoonnummer klopt niet.",
        "Deze postcode kennen we niet.",
        "Vul een aantal uren tot 60 in.",
    ):
        assert error in html, error
    lead.refresh_from_db()
    assert lead.first_name == "Kim" and not lead.history.exists()


def test_a_start_no_longer_offered_stays_until_the_person_chooses_another():
    lead = person(preferred_start="2021-09")
    client = opened(lead)
    assert "september 2021" in client.get("/mijn/").content.decode()
    details = {"first_name": "Kim", "last_name": "de Vries", "phone": "0612345678"}
    act(client, "/mijn/gegevens/", **details, postcode="3511", preferred_start="2021-09")
    assert shown_message(client) == "Er was niets veranderd."


def test_every_page_and_action_opened_by_get_or_head_changes_nothing():
    lead = person(event=make_event(), intent="event")
    client = opened(lead)
    consent = lead.submissions.get().consents.first()
    before = database()
    for path in ("/mijn/", "/mijn/verwijderen/"):
        assert client.get(path).status_code == 200
        assert client.head(path).status_code == 200
    actions = [
        "/mijn/gegevens/",
        f"/mijn/toestemming/{consent.pk}/intrekken/",
        f"/mijn/aanmelding/{lead.submissions.get().pk}/annuleren/",
    ]
    for path in actions:
        assert client.get(path).status_code == 405
        assert client.head(path).status_code == 405
    assert database() == before


def test_an_action_without_the_pages_csrf_token_is_refused():
    lead = person()
    client = opened(lead)
    response = client.post("/mijn/gegevens/", {"first_name": "Iemand", "last_name": "Anders"})
    assert response.status_code == 403
    assert Lead.objects.get().first_name == "Kim"


def test_an_action_without_a_link_session_gets_the_dutch_page():
    lead = person()
    consent = lead.submissions.get().consents.first()
    response = Client().post(f"/mijn/toestemming/{consent.pk}/intrekken/")
    assert response.status_code == 403 and "Deze link werkt niet" in response.content.decode()
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


def test_each_submission_shows_every_answer_its_consents_and_how_the_person_came():
    tone = make_tone()
    group = make_target_group(make_persona(tone), label="Werkenden zonder diploma")
    programmes = [make_programme(name="Ad Ondernemen"), make_programme(name="Ad Zorg")]
    event = make_event(title="Open dag Utrecht")
    make_lead("kim@example.nl", phone="0612345678", postcode="3511", hours_per_week=24)
    lead = make_lead(
        "kim@example.nl",
        first_name="Kim",
        group=group,
        channel=make_channel(name="UWV"),
        programmes=programmes,
        message="Eerste regel\n<b>Tweede</b> regel",
        event=event,
        intent="event",
        education="mbo4",
        employer="Bakkerij Jansen",
        employer_is_mkb=True,
        has_employer=False,
        preferred_start="asap",
        landing_path="/voor/zij-instromer/",
        page_path="/opleidingen/ad-zorg/",
        referrer_host="werk.nl",
        first_utm_source="uwv",
        first_utm_medium="mail",
        utm_source="nieuwsbrief",
        utm_campaign="najaar",
    )
    latest, first = lead.submissions.order_by("-pk")
    latest.cancel_signup()
    Consent.objects.filter(submission=first, purpose="partners").update(
        confirmed_at=timezone.now(), withdrawn_at=timezone.now()
    )
    html = opened(lead).get("/mijn/").content.decode()
    text = visible_text(html)
    today = date_format(timezone.localdate(), "j F Y")
    sent = date_format(timezone.localtime(latest.created_at), "j F Y H:i")
    for shown in (
        f"Aanmelden voor een activiteit, {sent}",
        "Naam en contact Kim de Vries, kim@example.nl Activiteit",
        f"Activiteit {event} (geannuleerd op {today})",
        "Wat het best paste Werkenden zonder diploma",
        "Opleidingen Ad Ondernemen, Ad Zorg",
        "Hoogste opleiding Mbo niveau 4",
        "Werkgever Bakkerij Jansen",
        "Minder dan 250 medewerkers ja",
        "Al een baan bij een mkb-bedrijf nee",
        "Gewenste start zo snel mogelijk",
        "Bericht Eerste regel <b>Tweede</b> regel",
        f"Contact over deze aanvraag: ja (op {today}, privacyverklaring {PRIVACY_VERSION})",
        f"Nieuwsbrief: nee (op {today}, privacyverklaring {PRIVACY_VERSION})",
        "Gegevens delen met mkb-werkgevers: ja (op "
        f"{today}, privacyverklaring {PRIVACY_VERSION}, wacht op bevestiging per mail)",
        f"{today}, privacyverklaring {PRIVACY_VERSION}, ingetrokken op {today})",
        "Eerste pagina /voor/zij-instromer/ Pagina van het formulier /opleidingen/ad-zorg/",
        "Verwijzende site werk.nl Kanaal UWV Eerste campagne uwv mail",
        "Campagne nieuwsbrief najaar",
        "Naam en contact Zoë de Vries, kim@example.nl, 0612345678",
        "Postcode 3511 Uren per week 24",
    ):
        assert shown in text, shown
    assert "Eerste regel<br>&lt;b&gt;Tweede&lt;/b&gt; regel" in html
    assert text.count("Hoe je bij ons kwam") == 1, "only where we noted it"


def test_the_page_costs_the_same_queries_for_one_or_ten_submissions():
    """However much the page lists: submissions with programmes, events and consents
    (withdrawn, or waiting), introductions, alerts and history."""
    programme = make_programme()
    counts = []
    for email, submits in (("een@example.nl", 1), ("tien@example.nl", 10)):
        for n in range(submits):
            event = make_event() if n % 2 else None
            intent = "event" if event else "information"
            lead = make_lead(email, programmes=[programme], event=event, intent=intent)
        for submission in lead.submissions.all():
            submission.confirm_consents()
        Consent.objects.filter(submission__lead=lead, purpose="contact").update(
            withdrawn_at=timezone.now()
        )
        for n in range(max(1, submits // 3)):
            introduce(lead, make_werkplek())
            make_alert(email, radius=10 + n)
            lead.record("Iets gedaan")
        counts.append(queries_of_the_page(lead))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 8, counts
    # Without introductions, alerts or history the page skips their three queries.
    assert queries_of_the_page(make_lead("geen@example.nl", programmes=[programme])) == 5


def queries_of_the_page(lead):
    client = opened(lead)
    client.get("/mijn/")  # the caches of tones and starts, as a site has them
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/mijn/").status_code == 200
    return len(queries)


@pytest.mark.parametrize("address", ["je", "u"])
def test_the_pages_speak_the_persons_form_of_address(address):
    tone = make_tone(address=address)
    lead = person(tone=tone, event=make_event(), intent="event")
    client = opened(lead)
    pages = {"gegevens": client.get("/mijn/")}
    act(client, f"/mijn/aanmelding/{lead.submissions.get().pk}/annuleren/")
    pages["na een annulering"] = client.get("/mijn/")
    details = {"first_name": "Kim", "last_name": "", "phone": "12"}
    pages["met fouten"] = act(client, "/mijn/gegevens/", **details)
    act(client, "/mijn/gegevens/", first_name="Kim", last_name="Jansen")
    pages["na een correctie"] = client.get("/mijn/")
    pages["verwijderen"] = client.get("/mijn/verwijderen/")
    pages["verwijderen zonder vinkje"] = act(client, "/mijn/verwijderen/", "/mijn/verwijderen/")
    pages["verwijderd"] = act(client, "/mijn/verwijderen/", "/mijn/verwijderen/", confirm="on")
    assert "Vink aan dat" in pages["verwijderen zonder vinkje"].content.decode()
    assert "zijn verwijderd" in pages["verwijderd"].content.decode()
    mixed = {}
    for name, response in pages.items():
        assert response.wsgi_request.tone.address == address, name
        text = visible_text(response.content.decode())
        if wrong := wrong_address(text, address):
            mixed[name] = sentences_with(text, wrong)
    assert not mixed
    assert not PersonHistory.objects.exists(), "erased with the person"


def test_the_page_lets_the_browser_name_its_origin_with_its_forms():
    """Under "no-referrer" a browser sends "Origin: null" with a form's POST, and Django's
    CSRF check refuses it (tests/browser/test_own_page.py sees that happen)."""
    page = opened(person()).get("/mijn/")
    assert page["Referrer-Policy"] == "same-origin"
    assert "no-store" in page["Cache-Control"]
