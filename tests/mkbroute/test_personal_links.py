"""Personal links: scoped to one holder, expiring, revocable, and safe to open by a scanner."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core import mail
from django.test import Client

from leads.models import Lead
from mkbroute.lib import personal_links
from tests.employers.helpers import make_employer
from tests.factories import make_lead
from tests.leads.helpers import run_worker

pytestmark = pytest.mark.django_db


def path_of(link):
    address = urlsplit(link)
    return f"{address.path}?{address.query}"


def open_link(client, link):
    """Open a link as the person does: the token starts a session, then the page."""
    response = client.get(path_of(link))
    assert response.status_code == 302, response.status_code
    return client.get(response["Location"])


def test_an_employers_link_opens_its_page_and_leaves_the_address_bar():
    employer = make_employer(name="Installatietechniek De Vries")
    client = Client()
    response = client.get(path_of(employer.personal_link()))
    assert response.status_code == 302
    assert response["Location"] == "/werkgevers/mijn/"
    cookie = response.cookies["link_werkgever"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert cookie["path"] == "/werkgevers/mijn/"
    assert int(cookie["max-age"]) == 2 * 3600
    page = client.get("/werkgevers/mijn/")
    assert page.status_code == 200
    assert "Installatietechniek De Vries" in page.content.decode()
    assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]


def test_without_a_link_or_session_the_page_offers_a_new_link():
    response = Client().get("/werkgevers/mijn/")
    assert response.status_code == 403
    assert "/werkgevers/link/" in response.content.decode()
    assert "Stuur mij een nieuwe link" in response.content.decode()


@pytest.mark.parametrize("change", ["tampered", "cut short", "other holder kind"])
def test_a_wrong_token_gives_the_dutch_page_not_the_holders(change):
    employer = make_employer()
    lead = make_lead("kim@example.nl")
    token = urlsplit(employer.personal_link()).query.removeprefix("t=")
    if change == "tampered":
        token = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    elif change == "cut short":
        token = token[:20]
    else:
        token = urlsplit(lead.personal_link()).query.removeprefix("t=")
    response = Client().get(f"/werkgevers/mijn/?t={token}")
    assert response.status_code == 403
    assert "Deze link werkt niet" in response.content.decode()
    assert employer.name not in response.content.decode()


def test_a_link_expires_after_its_days():
    employer = make_employer()
    link = employer.personal_link()
    with time_machine.travel(datetime.timedelta(days=29)):
        assert Client().get(path_of(link)).status_code == 302
    with time_machine.travel(datetime.timedelta(days=31)):
        response = Client().get(path_of(link))
    assert response.status_code == 410
    assert "verlopen" in response.content.decode()


def test_a_candidates_link_works_for_fourteen_days():
    link = make_lead("kim@example.nl").personal_link()
    with time_machine.travel(datetime.timedelta(days=13)):
        assert Client().get(path_of(link)).status_code == 302
    with time_machine.travel(datetime.timedelta(days=15)):
        assert Client().get(path_of(link)).status_code == 410


def test_the_session_ends_after_two_hours():
    client = Client()
    assert open_link(client, make_employer().personal_link()).status_code == 200
    with time_machine.travel(datetime.timedelta(hours=2, minutes=1)):
        assert client.get("/werkgevers/mijn/").status_code == 403


def test_revoking_ends_every_link_and_session_sent_before():
    employer = make_employer()
    link = employer.personal_link()
    client = Client()
    assert open_link(client, link).status_code == 200
    employer.revoke_links()
    assert client.get("/werkgevers/mijn/").status_code == 410
    assert Client().get(path_of(link)).status_code == 410
    assert open_link(Client(), employer.personal_link()).status_code == 200
    assert employer.history.filter(what="Persoonlijke links ingetrokken").exists()


def test_a_new_contact_person_voids_the_old_ones_links():
    employer = make_employer()
    old_link = employer.personal_link()
    employer.contact_email = "nieuw@bedrijf.example"
    employer.save()
    assert Client().get(path_of(old_link)).status_code == 410
    assert Client().get(path_of(employer.personal_link())).status_code == 302


def test_an_erased_contact_person_has_no_link():
    from employers.privacy import CONTACT_PERSONS

    employer = make_employer()
    link = employer.personal_link()
    CONTACT_PERSONS.forget([employer])
    assert Client().get(path_of(link)).status_code == 410


def test_a_new_mailbox_voids_a_persons_old_links():
    lead = make_lead("kim@example.nl")
    old_link = lead.personal_link()
    lead = Lead.objects.get(pk=lead.pk)
    lead.email = "kim.nieuw@example.nl"
    lead.save()
    assert Client().get(path_of(old_link)).status_code == 410
    assert open_link(Client(), lead.personal_link()).status_code == 200


def test_a_persons_page_shows_what_we_store_in_their_tone():
    lead = make_lead("kim@example.nl", first_name="Kim", phone="0612345678", postcode="3511")
    page = open_link(Client(), lead.personal_link())
    html = page.content.decode()
    assert page.status_code == 200
    assert "Kim" in html and "0612345678" in html and "3511" in html
    assert "Contact over deze aanvraag" in html  # a consent, with its date and version
    assert "no-store" in page["Cache-Control"]


def test_the_session_cookie_goes_only_to_the_holders_pages():
    client = Client()
    response = client.get(path_of(make_lead("kim@example.nl").personal_link()))
    assert response.cookies["link_persoon"]["path"] == "/mijn/"


def request_link(client, url, email):
    return client.post(url, {"email": email})


@pytest.mark.parametrize(
    ("url", "known"),
    [("/werkgevers/link/", "henk@devries.example"), ("/mijn/link/", "kim@example.nl")],
)
def test_asking_for_a_link_answers_the_same_for_known_and_unknown_addresses(url, known):
    make_employer(contact_email="henk@devries.example")
    make_lead("kim@example.nl")
    run_worker()  # the lead's own confirmation
    mail.outbox.clear()
    answers = [
        request_link(Client(), url, address).content.decode()
        for address in (known, "niemand@example.nl")
    ]
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert strip.sub("", answers[0]) == strip.sub("", answers[1])
    run_worker()
    assert [message.to for message in mail.outbox] == [[known]]
    link = re.search(r"https?://\S+\?t=\S+", mail.outbox[0].body).group(0)
    assert open_link(Client(), link).status_code == 200


def test_asking_for_links_is_limited_per_address_and_per_network():
    make_lead("kim@example.nl")
    run_worker()
    mail.outbox.clear()
    client = Client()
    for _ in range(5):
        assert request_link(client, "/mijn/link/", "KIM@example.nl").status_code == 200
        run_worker()
    assert len(mail.outbox) == 3  # per address: three an hour, the answer stays the same
    for n in range(30):
        request_link(client, "/mijn/link/", f"iemand{n}@example.nl")
    response = request_link(client, "/mijn/link/", "nog.iemand@example.nl")
    assert response.status_code == 429
    assert "Probeer het over een uur opnieuw" in response.content.decode()


def test_an_address_written_in_other_widths_or_cases_is_still_one_address():
    """IDNA reads a full-width "ｅ" as "e": every such spelling reaches the same mailbox, so
    they share its limit."""
    make_lead("kim@example.nl")
    run_worker()
    mail.outbox.clear()
    spellings = ["kim@example.nl", "KIM@ｅxample.nl", "kim@eｘample.nl", "kim@ＥＸＡＭＰＬＥ.ｎｌ"]
    for spelling in spellings * 2:
        assert request_link(Client(), "/mijn/link/", spelling).status_code == 200
        run_worker()
    assert [message.to for message in mail.outbox] == [["kim@example.nl"]] * 3


def test_links_asked_for_before_the_worker_came_by_go_once():
    make_lead("kim@example.nl")
    run_worker()
    mail.outbox.clear()
    for _ in range(2):
        request_link(Client(), "/mijn/link/", "kim@example.nl")
    run_worker()
    assert len(mail.outbox) == 1


def test_a_bad_address_gets_a_dutch_message():
    response = request_link(Client(), "/mijn/link/", "geen-adres")
    assert response.status_code == 200
    assert "Dit is geen e-mailadres" in response.content.decode()


def test_opening_a_link_changes_nothing_stored(django_assert_num_queries):
    employer = make_employer()
    link = employer.personal_link()
    before = list(employer.history.all()), employer.link_version
    Client().head(path_of(link))
    Client().get(path_of(link))
    employer.refresh_from_db()
    assert (list(employer.history.all()), employer.link_version) == before


def test_the_token_is_not_in_a_log(caplog):
    employer = make_employer()
    link = employer.personal_link()
    token = urlsplit(link).query.removeprefix("t=")
    with caplog.at_level("DEBUG"):
        Client().get(path_of(link))
        Client().get(f"/werkgevers/mijn/?t={token[:-3]}xyz")
    assert token[:30] not in caplog.text


def test_scopes_have_distinct_salts():
    assert (
        personal_links.Scope("a", 1, "/a/", "x").salt
        != personal_links.Scope("b", 1, "/b/", "x").salt
    )


def test_a_link_never_logs_anyone_into_the_admin():
    client = Client()
    assert open_link(client, make_employer().personal_link()).status_code == 200
    assert open_link(client, make_lead("kim@example.nl").personal_link()).status_code == 200
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert "_auth_user_id" not in client.session
