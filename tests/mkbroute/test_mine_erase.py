"""On /mijn/ a person erases everything in two steps, exactly as `privacy erase` does, and
their link is dead afterwards."""

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.test import Client

from employers.models import Introduction
from leads.models import Lead, PrivacyAudit
from tests.employers.helpers import make_werkplek
from tests.factories import make_event, make_lead, make_programme
from tests.helpers import command_output
from tests.leads.helpers import run_worker
from tests.mkbroute.test_personal_links import path_of
from tests.mkbroute.test_privacy import PERSON, rows_naming_the_person

from .own_page import act, opened

pytestmark = pytest.mark.django_db


def someone(email, werkplek, **contact):
    """A person with two submits, a sign-up, an introduction, history, mails and a line in
    the admin's log."""
    programme = werkplek.programmes.get()
    make_lead(email, programmes=[programme], postcode="3511", **contact)
    lead = make_lead(email, event=make_event(), intent="event", **contact)
    Introduction.objects.create(lead=lead, werkplek=werkplek)
    lead.record("Telefoon gewijzigd")
    user = get_user_model().objects.get_or_create(username="toelating")[0]
    LogEntry.objects.log_actions(user.pk, [lead], CHANGE, "Status gewijzigd.")
    return lead


def counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def difference(before, after):
    return {label: after[label] - n for label, n in before.items() if after[label] != n}


def erase_by_link(lead):
    client = opened(lead)
    response = act(client, "/mijn/verwijderen/", "/mijn/verwijderen/", confirm="on")
    assert response.status_code == 200
    return client, response


def test_erasing_by_link_removes_what_the_privacy_command_removes():
    werkplek = make_werkplek(programmes=[make_programme()])
    by_command = someone("een@example.nl", werkplek)
    name_and_phone = {key: value for key, value in PERSON.items() if key != "email"}
    by_link = someone(PERSON["email"], werkplek, **name_and_phone)
    run_worker()
    before = counts()
    command_output("privacy", "erase", by_command.email)
    after_command = counts()
    erase_by_link(by_link)
    assert difference(after_command, counts()) == difference(before, after_command)
    assert difference(before, after_command)["leads.Submission"] == -2
    assert rows_naming_the_person() == set()
    audit = PrivacyAudit.objects.order_by("pk").values_list("detail", flat=True)
    assert list(audit) == [
        "op verzoek van de betrokkene",
        "op verzoek van de betrokkene, via persoonlijke link",
    ]


def test_the_first_step_says_what_goes_and_deletes_nothing():
    lead = someone("kim@example.nl", make_werkplek(programmes=[make_programme()]))
    client = opened(lead)
    page = client.get("/mijn/verwijderen/").content.decode()
    for going in ("Inzendingen: 2", "Toestemmingen: 6", "Kennismakingen: 1", "Geschiedenis: 1"):
        assert going in page, going
    response = act(client, "/mijn/verwijderen/", "/mijn/verwijderen/")
    assert "Vink aan dat je alles wilt laten verwijderen." in response.content.decode()
    assert Lead.objects.filter(pk=lead.pk).exists() and not PrivacyAudit.objects.exists()


def test_after_erasing_the_link_and_the_session_are_dead():
    lead = make_lead("kim@example.nl")
    link = lead.personal_link()
    client, response = erase_by_link(lead)
    assert "Jouw gegevens zijn verwijderd" in response.content.decode()
    assert response.cookies["link_persoon"]["max-age"] == 0, "the session cookie is deleted"
    assert not Lead.objects.exists()
    refused = Client().get(path_of(link))
    assert refused.status_code == 410 and "Deze link werkt niet" in refused.content.decode()
    assert client.get("/mijn/").status_code in (403, 410)
