"""Admissions revoke a person's links and send a new one from the lead admin, and read there
what the person did through their link; Communicatie sees none of it."""

import re

import pytest
from django.core import mail
from django.test import Client

from tests.factories import make_lead
from tests.leads.helpers import run_worker
from tests.mkbroute.own_page import act, opened
from tests.mkbroute.test_personal_links import open_link, path_of

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/leads/lead/"


def action(client, name, *leads):
    selected = [lead.pk for lead in leads]
    return client.post(CHANGELIST, {"action": name, "_selected_action": selected})


def test_admissions_revoke_a_persons_links_and_the_history_names_them(admissions):
    lead = make_lead("kim@example.nl")
    link = lead.personal_link()
    session = opened(lead)
    assert action(admissions, "revoke_links", lead).status_code == 302
    assert Client().get(path_of(link)).status_code == 410
    assert session.get("/mijn/").status_code == 410
    entry = lead.history.get()
    assert (entry.what, entry.via_link, entry.by.username) == (
        "Persoonlijke links ingetrokken",
        False,
        "toelating",
    )


def test_admissions_send_a_new_link_that_opens_the_page(admissions):
    lead = make_lead("kim@example.nl")
    run_worker()  # the confirmation
    mail.outbox.clear()
    action(admissions, "revoke_links", lead)
    action(admissions, "send_new_link", lead)
    run_worker()
    [message] = mail.outbox
    assert message.to == ["kim@example.nl"]
    link = re.search(r"https?://\S+/mijn/\?t=\S+", message.body).group(0)
    assert open_link(Client(), link).status_code == 200
    assert [(h.what, h.by.username) for h in lead.history.order_by("pk")] == [
        ("Persoonlijke links ingetrokken", "toelating"),
        ("Nieuwe persoonlijke link gestuurd", "toelating"),
    ]


def test_the_lead_page_shows_the_persons_history_read_only(admissions):
    lead = make_lead("kim@example.nl")
    client = opened(lead)
    details = {"first_name": "Kimberley", "last_name": "de Vries"}
    act(client, "/mijn/gegevens/", **details)
    page = admissions.get(f"/admin/leads/lead/{lead.pk}/change/").content.decode()
    history = page.split("<label>Geschiedenis:</label>")[1].split("</table>")[0]
    assert "Voornaam gewijzigd (was: Zoë)" in history
    assert "via persoonlijke link" in history
    assert "<input" not in history and "<textarea" not in history


def test_communications_see_no_history_and_cannot_touch_links(communications):
    lead = make_lead("kim@example.nl")
    lead.record("Voornaam gewijzigd (was: Zoë)")
    version = lead.link_version
    page = communications.get(f"/admin/leads/lead/{lead.pk}/change/")
    assert page.status_code in (302, 403) and b"Zo\xc3\xab" not in page.content
    assert action(communications, "revoke_links", lead).status_code in (302, 403)
    lead.refresh_from_db()
    assert lead.link_version == version and lead.history.count() == 1
