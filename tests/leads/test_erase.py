"""After an erase, nothing in the database, the sessions or the cache names the person."""

import io
import json

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client, RequestFactory

from leads.models import Lead
from tests.factories import make_event
from tests.leads.helpers import submit

pytestmark = pytest.mark.django_db
PERSON = {
    "first_name": "Xandrina",
    "last_name": "Quibbelsma",
    "email": "xandrina.q@voorbeeld.nl",
    "phone": "06 98765432",
}
VALUES = [value.lower() for value in PERSON.values()]


def places_naming_the_person():
    """Every table and column, every session and every cache entry that holds a value."""
    found = set()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            columns = [column[0] for column in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if isinstance(value, str) and any(v in value.lower() for v in VALUES):
                        found.add(f"{table}.{column}")
    for session in Session.objects.all():
        if any(v in str(session.get_decoded()).lower() for v in VALUES):
            found.add("session")
    for key in list(cache._cache):
        if any(v.encode() in cache._cache[key] for v in VALUES):
            found.add(f"cache {key}")
    return found


def test_erase_leaves_no_trace_of_name_address_or_phone(personas):
    visitor = Client()
    # An event sign-up: its thank-you page names the event, so the session points at it.
    event_page = make_event().get_absolute_url() + "?utm_source=instagram"
    assert submit(visitor, event_page, **PERSON).status_code == 302
    assert visitor.get("/interesse/bedankt/?verzonden=1").status_code == 200
    user = get_user_model().objects.create_superuser("toelating", password="x")
    staff = Client()
    staff.force_login(user)
    lead = Lead.objects.get()
    request = RequestFactory().post("/admin/")
    request.user = user
    admin.site._registry[Lead].log_change(request, lead, [{"changed": {"fields": ["Status"]}}])
    export = staff.get("/admin/leads/lead/export/", {"q": "Quibbelsma"})
    assert b"Quibbelsma" in b"".join(export.streaming_content)
    before = places_naming_the_person()
    assert {"leads_lead.last_name", "leads_submission.phone"} <= before
    assert "leads_exportlog.filters" in before
    assert LogEntry.objects.get().object_repr == f"lead {lead.pk}", "the admin logs by id"
    visitor_session = visitor.session.session_key

    call_command("privacy", "erase", PERSON["email"].upper(), stdout=io.StringIO())

    assert places_naming_the_person() == set()
    assert not LogEntry.objects.exists()
    assert not Session.objects.filter(session_key=visitor_session).exists()
    assert staff.get("/admin/leads/lead/").status_code == 200, "staff stay logged in"


def test_export_includes_the_admin_history(personas):
    submit(Client(), **PERSON)
    user = get_user_model().objects.create_superuser("toelating", password="x")
    request = RequestFactory().post("/admin/")
    request.user = user
    lead = Lead.objects.get()
    admin.site._registry[Lead].log_change(request, lead, [{"changed": {"fields": ["Status"]}}])
    output = io.StringIO()
    call_command("privacy", "export", PERSON["email"], stdout=output)
    data = json.loads(output.getvalue())
    assert data["phone"] == PERSON["phone"]
    assert [entry["change"] for entry in data["admin_history"]] == ["Status gewijzigd."]
