import datetime
import json
import logging

import pytest
from django.core.management import CommandError
from django.utils import timezone

from leads.models import Consent, Lead, PrivacyAudit, Submission
from tests.factories import make_lead
from tests.helpers import command_output

pytestmark = pytest.mark.django_db


def run(*args):
    return command_output("privacy", *args)


def test_export_prints_everything_about_the_person_as_json(personas):
    zij = personas["zij-instromer"]
    make_lead(
        "Ronald@Example.nl", persona=zij, message="Eerste", programmes=[zij.programmes.first()]
    )
    make_lead("ronald@example.nl", message="Tweede")
    make_lead("ander@example.nl", message="Niet van Ronald")
    data = json.loads(run("export", "RONALD@example.NL"))
    assert data["email"] == "Ronald@Example.nl", "as first given: a later submit never overwrites"
    assert sorted(s["message"] for s in data["submissions"]) == ["Eerste", "Tweede"]
    assert any(s["programmes"] for s in data["submissions"])
    purposes = {c["purpose"] for s in data["submissions"] for c in s["consents"]}
    assert purposes == {"contact", "newsletter", "partners"}
    assert PrivacyAudit.objects.get().action == "export"


def test_erase_deletes_the_person_and_records_it_without_personal_data(caplog):
    make_lead("weg@example.nl", first_name="Weg")
    make_lead("blijft@example.nl")
    with caplog.at_level(logging.INFO, logger="leads.privacy"):
        run("erase", "WEG@example.nl")
    assert list(Lead.objects.values_list("email", flat=True)) == ["blijft@example.nl"]
    assert Submission.objects.count() == 1 and Consent.objects.count() == 3
    entry = PrivacyAudit.objects.get()
    assert (entry.action, entry.lead_count) == ("erase", 1)
    assert "weg" not in (entry.detail + caplog.text).lower()


def test_erasing_someone_unknown_says_so():
    with pytest.raises(CommandError, match="niets verwijderd"):
        run("erase", "onbekend@example.nl")


def test_purge_respects_the_retention_boundary_and_enrolled_people(settings):
    settings.LEADS_RETENTION_DAYS = 730
    now = timezone.now()
    old = make_lead("oud@example.nl", created=now - datetime.timedelta(days=731))
    make_lead("net-niet@example.nl", created=now - datetime.timedelta(days=729))
    make_lead(
        "ingeschreven@example.nl",
        status="ingeschreven",
        created=now - datetime.timedelta(days=2000),
    )
    returning = make_lead("terug@example.nl", created=now - datetime.timedelta(days=900))
    make_lead("terug@example.nl")  # wrote again last week: the clock starts over

    dry = run("purge", "--dry-run")
    assert "Zou verwijderen: 1 leads" in dry
    assert Lead.objects.count() == 4 and not PrivacyAudit.objects.exists()

    assert "Verwijderd: 1 leads" in run("purge")
    assert not Lead.objects.filter(pk=old.pk).exists()
    assert Lead.objects.filter(pk=returning.pk).exists()
    assert PrivacyAudit.objects.get().lead_count == 1


def test_the_privacy_page_states_the_retention_period(client, settings):
    settings.LEADS_RETENTION_DAYS = 365
    assert "Tot 12 maanden na het laatste contact" in client.get("/privacy/").content.decode()
