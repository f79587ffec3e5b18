"""A person's whole way through the site and the admin, then `privacy erase`: after it, no row
of any table names them, in part or in full."""

import email
import email.policy
import json
import re
from importlib import import_module

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client

from employers.models import Employer, Introduction
from leads.models import Lead, Reminder
from leads.outbox import Mail
from mkbroute.admin_site import PERSONAL_DATA
from mkbroute.lib.admin_log import LogsById
from tests.employers.answering import introduce
from tests.employers.helpers import make_employer, make_werkplek, reply
from tests.factories import make_intake, make_lead, make_programme
from tests.helpers import command_output, form_data
from tests.leads.helpers import run_worker, submit
from tests.leads.smtp import accepting_smtp_server, use_smtp

pytestmark = pytest.mark.django_db

PERSON = {
    "first_name": "Xandrina",
    "last_name": "Quibbelsma",
    "email": "Xandrina.Zwerfkei@quibbelpost.nl",
    "phone": "06 13579246",
}
# Every part of the name, the address and the phone number, as anyone might have stored it.
PARTS = [
    "xandrina",
    "quibbelsma",
    "xandrina.zwerfkei",
    "zwerfkei",
    "quibbelpost",
    "06 13579246",
    "0613579246",
    "13579246",
]


def text_of(value):
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def rows_naming_the_person():
    """Every table and column of the database with a value that holds a part of the person's
    name, address or phone number; sessions read decoded, as the site reads them."""
    found = set()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            columns = [column[0] for column in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    text = text_of(value).lower()
                    found.update(f"{table}.{column}: {part}" for part in PARTS if part in text)
    for session in Session.objects.all():
        text = str(session.get_decoded()).lower()
        found.update(f"session: {part}" for part in PARTS if part in text)
    return found


def confirm_link(raw_messages, address):
    """The confirmation link in the mail the person received."""
    for raw in raw_messages:
        message = email.message_from_string(raw, policy=email.policy.default)
        if address.lower() in message["To"].lower():
            body = message.get_body(("plain",)).get_content()
            return re.search(r"https?://\S+/interesse/bevestigen/\S+/", body).group()
    raise AssertionError("no confirmation mail")


def admin_post(client, url, form_id, **changes):
    """Open an admin form, change some fields as staff would, and save it."""
    data = form_data(client.get(url).content.decode(), form_id)
    response = client.post(url, {**data, **changes})
    assert response.status_code == 302, response.context and list(response.context["errors"])
    return response


@pytest.fixture
def places(db):
    """A programme whose application deadline is a month away, and a werkplek for it."""
    programme = make_programme(name="Bedrijfskunde")
    make_intake(programme, start_in_days=60, deadline_days_before=30)
    employer = make_employer(name="Klaverblad Techniek", pc4="3511")
    return programme, make_werkplek(employer=employer, programmes=[programme], title="Planner")


def test_it_leaves_no_part_of_a_name_address_or_phone_after_an_erase(
    settings, personas, places, admissions
):
    programme, werkplek = places
    settings.LEADS_NOTIFY_EMAIL = "toelating@school.example"
    settings.SITE_URL = "http://testserver"
    visitor = Client()
    with accepting_smtp_server() as (port, received):
        use_smtp(settings, port)
        # The person asks about the programme, may be shared with employers, needs a place.
        answers = {
            "programmes": programme.slug,
            "preferred_start": "asap",
            "has_employer": "nee",
            "postcode": "3512",
            "consent_partners": "on",
            "message": "Groet van Xandrina Quibbelsma",
        }
        assert submit(visitor, **PERSON, **answers).status_code == 302
        assert visitor.get("/interesse/bedankt/?verzonden=1").status_code == 200
        assert reply(visitor, werkplek, **PERSON, consent_werkgever="on").status_code == 302
        run_worker()
        link = confirm_link(received, PERSON["email"])
        assert visitor.post(link.removeprefix(settings.SITE_URL)).status_code == 200

        # Admissions follow the person up, propose them for the place and meet them.
        lead = Lead.objects.get()
        lead_url = f"/admin/leads/lead/{lead.pk}/change/"
        admin_post(admissions, lead_url, "lead_form", status="in_behandeling", notes="Gebeld")
        propose = f"/admin/employers/introduction/voorstellen/{lead.pk}/{werkplek.pk}/"
        assert admissions.post(propose).status_code == 302
        introduction = Introduction.objects.get()
        admin_post(
            admissions,
            f"/admin/employers/introduction/{introduction.pk}/change/",
            "introduction_form",
            status="kennismaking",
        )
        assert "1 herinneringen" in command_output("send_reminders", "--days", "45")
        run_worker()
        export = admissions.get("/admin/leads/lead/export/", {"q": "Quibbelsma"})
        assert b"Quibbelsma" in b"".join(export.streaming_content)
        # The person asks what we hold: it names them, and their history in the admin.
        held = json.loads(command_output("privacy", "export", PERSON["email"]))
        assert held["last_name"] == "Quibbelsma"
        assert len(held["admin_history"]) == 2, "the lead's and the introduction's"

    # Among them the introduction's, to the employer and to the person.
    assert Reminder.objects.exists() and len(received) == 7 == Mail.objects.count()
    assert LogEntry.objects.count() >= 2
    named = rows_naming_the_person()
    assert "leads_lead.last_name: quibbelsma" in named
    assert "leads_exportlog.filters: quibbelsma" in named
    assert not any(place.startswith("django_admin_log") for place in named), "ids, not names"

    command_output("privacy", "erase", PERSON["email"])

    assert rows_naming_the_person() == set()
    assert not LogEntry.objects.exists()
    assert not Mail.objects.exists(), "the mails about them, sent or not, are forgotten"
    assert Employer.objects.get().name == "Klaverblad Techniek", "the company is no person"


def test_every_admin_of_personal_data_logs_by_id():
    for model, model_admin in admin.site._registry.items():
        if model._meta.label_lower in PERSONAL_DATA:
            assert isinstance(model_admin, LogsById), model


def test_the_log_of_an_employers_page_names_neither_contact_nor_company(admissions):
    employer = make_employer(name="Jansen Installatie", contact_name="Piet Jansen")
    werkplek = make_werkplek(employer=employer, title="Monteur")
    changes = {"contact_name": "Petra Jansen", "werkplekken-0-title": "Monteur BBL"}
    admin_post(
        admissions, f"/admin/employers/employer/{employer.pk}/change/", "employer_form", **changes
    )
    entry = LogEntry.objects.get()
    assert entry.object_repr == f"werkgever {employer.pk}"
    assert entry.get_change_message() == (
        f"Naam contactpersoon gewijzigd. Functie voor werkplek ‘werkplek {werkplek.pk}’ gewijzigd."
    )
    assert "jansen" not in f"{entry.object_repr} {entry.change_message}".lower()


def test_the_history_written_before_is_rewritten_by_id(admissions):
    employer = make_employer(name="Jansen Installatie", contact_name="Piet Jansen")
    lead = make_lead("piet@example.nl", first_name="Piet", last_name="Jansen")
    user = get_user_model().objects.get(username="toelating")
    for obj in (lead, employer):
        LogEntry.objects.log_actions(user.pk, [obj], CHANGE, "Status gewijzigd.")
    assert {entry.object_repr for entry in LogEntry.objects.all()} == {
        "Piet Jansen",
        "Jansen Installatie",
    }
    for app, name in (("leads", "0017_admin_log_by_id"), ("employers", "0004_admin_log_by_id")):
        import_module(f"{app}.migrations.{name}").by_id(apps, connection.schema_editor())
    assert {entry.object_repr for entry in LogEntry.objects.all()} == {
        f"lead {lead.pk}",
        f"werkgever {employer.pk}",
    }


def test_export_holds_each_introduction_with_both_answers_and_the_persons_history():
    introduction = introduce()
    introduction.decline_for_employer("afstand", "Te ver van Amersfoort")
    introduction.lead.record("Voornaam gewijzigd (was: Zoetje)")
    held = json.loads(command_output("privacy", "export", "zoe@example.nl"))
    [exported] = held["introductions"]
    assert (exported["werkplek"], exported["employer"]) == ("Junior developer", "De Vries ICT")
    assert exported["status"] == "afgewezen" and exported["declined_by"] == "werkgever"
    assert exported["decline_category"] == "afstand"
    assert exported["decline_reason"] == "Te ver van Amersfoort"
    assert exported["answered_at"] and "naam" in exported["shared"]
    assert "proposed_by" not in exported, "who at the school did it is staff's data"
    [happening] = [h for h in held["history"] if "Zoetje" in h["what"]]
    assert happening["via_link"] is True
