"""Alerts under the AVG duties: `privacy export`, `erase` and `purge` cover them, the privacy
statement says what is kept and how long, and only admissions see them in the admin."""

import datetime
import json

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from employers.alerts import Alert, Digest
from employers.digests import send_digests
from leads.outbox import Mail
from tests.helpers import command_output
from tests.leads.helpers import run_worker
from tests.mkbroute.test_privacy import PERSON, rows_naming_the_person

from .helpers import ask_alert, make_alert, make_werkplek

pytestmark = pytest.mark.django_db


def age(alert, days, field="created_at"):
    Alert.objects.filter(pk=alert.pk).update(
        **{field: timezone.now() - datetime.timedelta(days=days)}
    )


def test_export_names_each_alert_with_its_search_and_what_was_sent():
    make_alert("Zoe@Example.nl")
    werkplek = make_werkplek()
    send_digests()
    make_alert("iemand@example.nl", radius=50)
    held = json.loads(command_output("privacy", "export", "zoe@example.nl"))
    [alert] = held["attenderingen"]
    assert (
        alert["email"] == "Zoe@Example.nl" and alert["search"] == "binnen 25 km van Utrecht (3511)"
    )
    assert alert["confirmed_at"] and alert["privacy_version"]
    assert [digest["places"] for digest in alert["digests"]] == [[werkplek.pk]]
    assert "lead" not in held and "email" not in held, "no lead: only the alert"


def test_erase_leaves_no_row_naming_the_address_of_an_alert(settings, admissions):
    settings.SITE_URL = "http://testserver"
    make_werkplek()
    assert ask_alert(Client(), email=PERSON["email"]).status_code == 302
    run_worker()
    alert = Alert.objects.get()
    alert.confirm()
    make_werkplek()
    assert send_digests() == 1
    run_worker()
    staff = get_user_model().objects.get(username="toelating")
    LogEntry.objects.log_actions(staff.pk, [alert], CHANGE, "Bekeken op verzoek.")
    other = make_alert("blijft@example.nl")
    assert rows_naming_the_person()

    output = command_output("privacy", "erase", PERSON["email"].upper())

    assert "Verwijderd: 1 attenderingen" in output
    assert rows_naming_the_person() == set()
    assert list(Alert.objects.all()) == [other] and not Digest.objects.exists()
    assert list(Mail.objects.values_list("object_id", flat=True)) == [other.pk]
    assert not LogEntry.objects.exists()


def test_purge_ends_unconfirmed_alerts_after_a_week_and_confirmed_ones_after_a_year():
    stale = make_alert("a@example.nl", confirmed=False)
    fresh = make_alert("b@example.nl", confirmed=False)
    ended = make_alert("c@example.nl")
    running = make_alert("d@example.nl")
    age(stale, 8)
    age(fresh, 6)
    age(ended, 366, "confirmed_at")
    age(running, 300, "confirmed_at")
    assert "Zou verwijderen: 2 attenderingen" in command_output("privacy", "purge", "--dry-run")
    assert Alert.objects.count() == 4
    assert "Verwijderd: 2 attenderingen" in command_output("privacy", "purge")
    assert set(Alert.objects.all()) == {fresh, running}


def test_the_privacy_statement_says_what_an_alert_keeps_and_how_long(client):
    page = client.get("/privacy/").content.decode()
    section = page[page.index('id="attenderingen"') :]
    assert "e-mailadres, de zoekopdracht" in section
    assert "na 7 dagen" in section and "loopt 12 maanden" in section
    assert "met één klik" in section


def test_only_admissions_see_alerts_and_nobody_writes_one(admissions, communications):
    alert = make_alert("geheim@example.nl")
    for url in ("/admin/employers/alert/", f"/admin/employers/alert/{alert.pk}/change/"):
        assert communications.get(url).status_code == 403
        assert "geheim@example.nl" in admissions.get(url).content.decode()
    assert "/admin/employers/alert/" not in communications.get("/admin/").content.decode()
    assert admissions.get("/admin/employers/alert/add/").status_code == 403
    page = admissions.get(f"/admin/employers/alert/{alert.pk}/change/").content.decode()
    assert "binnen 25 km van Utrecht (3511)" in page and 'name="_save"' not in page
