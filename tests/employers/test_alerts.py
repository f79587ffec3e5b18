"""Asking for mails about new werkplekken from the list: double opt-in, links that change
nothing on GET, one-click unsubscribe (RFC 8058), the same answer for every address."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
import time_machine
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from employers import mails
from employers.alerts import MAX_PER_MAILBOX, Alert
from leads import outbox
from leads.mailbox import mailbox_key
from tests.factories import make_programme
from tests.helpers import count_queries
from tests.leads.helpers import run_worker

from .helpers import ALERT_URL, ask_alert, hidden_fields, make_alert, make_werkplek

pytestmark = pytest.mark.django_db
LINK = re.compile(r"https?://\S+/werkplekken/attendering/(?:bevestigen|afmelden)/\S+/")


def link_in(message):
    return urlsplit(LINK.search(message.body).group(0)).path


def snapshot():
    """What a link could change: every alert as stored, and the outbox."""
    alerts = list(Alert.objects.order_by("pk").values())
    return alerts, list(outbox.Mail.objects.order_by("pk").values_list("pk", "status"))


def test_a_search_near_a_postcode_offers_the_alert_and_one_without_does_not(client):
    make_werkplek()
    near = client.get("/werkplekken/?postcode=3511&afstand=10").content.decode()
    assert "Mail mij nieuwe werkplekken" in near
    hidden = hidden_fields(near, ALERT_URL)
    assert hidden["postcode"] == "3511" and hidden["afstand"] == "10" and hidden["token"]
    everywhere = client.get("/werkplekken/").content.decode()
    assert "Mail mij nieuwe werkplekken" not in everywhere


def test_asking_stores_an_unconfirmed_alert_and_mails_a_link_to_confirm(client, mailoutbox):
    ict = make_programme(name="ICT-beheer")
    seen = make_werkplek(programmes=[ict])
    response = ask_alert(client, f"postcode=3512&afstand=10&opleiding={ict.slug}&uren=32")
    assert (
        response.status_code == 302
        and response["Location"] == "/werkplekken/attendering/verstuurd/"
    )
    alert = Alert.objects.get()
    assert alert.confirmed_at is None and alert.email_key == mailbox_key("zoe@example.nl")
    assert (alert.pc4, alert.radius, alert.programme, alert.max_hours) == ("3512", 10, ict, 32)
    assert alert.known == [seen.pk], "what the list showed is no news later"
    run_worker()
    [message] = mailoutbox
    assert message.to == ["zoe@example.nl"] and "Bevestig" in message.subject
    assert "opleiding ICT-beheer" in message.body and "tot 32 uur per week" in message.body
    assert link_in(message).startswith("/werkplekken/attendering/bevestigen/")
    page = client.get(response["Location"]).content.decode()
    assert "Kijk in jouw mail" in page


def test_the_confirmation_link_changes_nothing_on_get_and_confirms_on_post(client, mailoutbox):
    ask_alert(client)
    run_worker()
    link = link_in(mailoutbox[0])
    before = snapshot()
    for opened in (client.get(link), client.head(link), Client().get(link)):
        assert opened.status_code == 200
        assert "no-store" in opened["Cache-Control"]
    assert snapshot() == before, "a mail scanner opening the link confirms nothing"
    assert "Ja, mail mij nieuwe werkplekken" in client.get(link).content.decode()
    assert "Bevestigd" in client.post(link).content.decode()
    assert Alert.objects.get().confirmed_at is not None


def test_a_confirmation_link_expires_and_a_tampered_one_gets_a_dutch_page(client, mailoutbox):
    ask_alert(client)
    run_worker()
    link = link_in(mailoutbox[0])
    tampered = client.get(link[:-3] + "xx/")
    assert tampered.status_code == 400 and "Deze link werkt niet" in tampered.content.decode()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
        assert client.post(link).status_code == 400
    assert Alert.objects.get().confirmed_at is None


def test_the_answer_is_the_same_whether_the_address_had_alerts_or_not(client, mailoutbox):
    make_werkplek()
    first = ask_alert(Client(), email="nieuw@example.nl")
    again = ask_alert(Client(), email="nieuw@example.nl")
    for n in range(MAX_PER_MAILBOX):
        make_alert("vol@example.nl", radius=10, max_hours=24 + n)
    full = ask_alert(Client(), email="VOL@example.nl")
    assert first["Location"] == again["Location"] == full["Location"]
    sent_page = client.get(first["Location"]).content.decode()
    assert Alert.objects.for_email("vol@example.nl").count() == MAX_PER_MAILBOX
    assert Alert.objects.for_email("nieuw@example.nl").count() == 1
    run_worker()
    # One confirmation for the new address (the same search again waits for the first);
    # the full mailbox: only the five of make_alert, none for the sixth.
    assert sorted(m.to[0] for m in mailoutbox).count("nieuw@example.nl") == 1
    assert sum(m.to == ["VOL@example.nl"] for m in mailoutbox) == 0
    assert f"hooguit {MAX_PER_MAILBOX} zoekopdrachten" in sent_page


def test_asking_again_for_an_unconfirmed_search_mails_the_link_again(client, mailoutbox):
    ask_alert(client)
    run_worker()
    ask_alert(client)
    run_worker()
    assert len(mailoutbox) == 2 and Alert.objects.count() == 1
    for message in mailoutbox:  # both links work
        assert "Ja, mail mij nieuwe werkplekken" in client.get(link_in(message)).content.decode()
    client.post(link_in(mailoutbox[0]))
    ask_alert(client)
    run_worker()
    assert len(mailoutbox) == 2, "a confirmed alert asked again mails nothing"


def test_one_mailbox_gets_a_few_confirmation_mails_an_hour_whoever_asks(mailoutbox):
    answers = set()
    for n in range(MAX_PER_MAILBOX + 3):
        visitor = Client(REMOTE_ADDR=f"192.0.2.{n}")
        email = "Zoe@Example.nl" if n % 2 else "zoe@example.nl"
        response = ask_alert(visitor, email=email)
        answers.add((response.status_code, response["Location"]))
        run_worker()
    assert len(mailoutbox) == MAX_PER_MAILBOX
    assert answers == {(302, "/werkplekken/attendering/verstuurd/")}
    ask_alert(Client(), email="iemand.anders@example.nl")
    run_worker()
    assert len(mailoutbox) == MAX_PER_MAILBOX + 1


def test_the_form_works_from_a_cached_page_with_a_token_of_its_own(settings):
    settings.PAGE_CACHE_SECONDS = 600
    make_werkplek()
    url = "/werkplekken/?postcode=3511&afstand=25"
    Client().get(url)
    visitor = Client(enforce_csrf_checks=True)
    assert count_queries(visitor, url) == 0, "from the page cache"
    page = visitor.get(url).content.decode()
    hidden = hidden_fields(page, ALERT_URL)
    assert "{{hole" not in page and hidden["csrfmiddlewaretoken"] and hidden["token"]
    response = visitor.post(ALERT_URL, {**hidden, "email": "zoe@example.nl"})
    assert response.status_code == 302 and Alert.objects.count() == 1
    Alert.objects.get().remove()
    with CaptureQueriesContext(connection) as queries:
        Client().get(url)
    assert len(queries) == 0, "an alert, asked or ended, empties no cache"


def test_a_wrong_address_or_a_search_without_postcode_is_told_not_stored(client):
    wrong = ask_alert(client, email="zoe@@example")
    assert wrong.status_code == 200 and "Dit e-mailadres klopt niet" in wrong.content.decode()
    assert "binnen 25 km van Utrecht" in wrong.content.decode()
    no_postcode = ask_alert(client, postcode="")
    assert "Deze zoekopdracht kunnen we niet bewaren" in no_postcode.content.decode()
    junk = ask_alert(client, afstand="9999", start="1999-01", opleiding="<script>")
    assert junk.status_code == 200
    assert not Alert.objects.exists()


def test_a_bot_and_a_flood_are_refused(client, settings):
    assert ask_alert(client, website="http://spam.example").status_code == 200
    assert not Alert.objects.exists()
    settings.LEADS_RATE_LIMIT = "2/h"
    statuses = [ask_alert(client, email=f"p{n}@example.nl").status_code for n in range(3)]
    assert statuses == [302, 302, 429]


def test_one_click_unsubscribe_works_without_csrf_and_get_changes_nothing(mailoutbox):
    alert = make_alert()
    path = urlsplit(alert.unsubscribe_url()).path
    mail_program = Client(enforce_csrf_checks=True)
    before = snapshot()
    assert mail_program.get(path).status_code == 200
    assert mail_program.head(path).status_code == 200
    assert snapshot() == before
    response = mail_program.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200 and "Afgemeld" in response.content.decode()
    assert not Alert.objects.exists()
    assert not outbox.Mail.objects.exists(), "nothing kept about an ended alert"
    assert mail_program.post(path).status_code == 200, "ending it twice is no error"
    assert mail_program.post(path[:-4] + "abc/").status_code == 400


def test_the_unsubscribe_page_asks_first_with_a_button(client):
    alert = make_alert()
    page = client.get(urlsplit(alert.unsubscribe_url()).path).content.decode()
    assert "Ja, meld mij af" in page and "binnen 25 km van Utrecht (3511)" in page
    assert Alert.objects.exists()


def test_the_confirmation_mail_is_dropped_once_confirmed(client):
    alert = make_alert(confirmed=False)
    alert.confirm()
    with pytest.raises(outbox.Drop):
        mails.alert_confirmation(alert.pk)


def test_a_persons_alerts_are_listed_for_their_page_with_a_remove_button():
    programme = make_programme(name="Bouwkunde")
    waiting = make_alert("zoe@example.nl", confirmed=False, programme=programme.pk)
    running = make_alert("Zoe@Example.nl", radius=50)
    make_alert("iemand.anders@example.nl")
    alerts = Alert.objects.for_mailbox(mailbox_key("zoe@example.nl"))
    assert list(alerts) == [running, waiting]
    html = render_to_string(
        "employers/alerts_for_person.html", {"alerts": alerts, "remove_url": "/mijn/weg/"}
    )
    assert "binnen 50 km van Utrecht (3511)" in html and "opleiding Bouwkunde" in html
    assert "wacht op bevestiging" in html and "Loopt sinds" in html
    assert html.count('action="/mijn/weg/"') == 2
    assert f'name="alert" value="{waiting.pk}"' in html
    assert alerts.filter(pk=waiting.pk).forget() == 1
    assert list(Alert.objects.for_mailbox(mailbox_key("zoe@example.nl"))) == [running]
