"""Every admin page each role can open speaks Dutch, with headings that start with a capital
and every moment in Dutch local time: a walk over the demo's admin, logged in as staff are."""

import datetime
import html
import re

import pytest
import time_machine
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone
from django.utils.html import strip_tags
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from employers.models import Introduction, Werkplek
from leads.models import Consent, ExportLog, PrivacyAudit, Reminder
from mkbroute.roles import ADMISSIONS, COMMUNICATIONS
from personas.models import Experiment, Persona
from programmes.models import ImportRun, Intake, Programme
from tests.employers.helpers import make_alert
from tests.factories import make_lead

pytestmark = pytest.mark.django_db

# Django's own English, field names and codes shown as they are stored: none belongs on a page
# of a Dutch admin. Content such as the programme "Software Development" is not listed. A
# campaign tag may be named as staff type it, "(utm_source)".
ENGLISH = re.compile(
    r"\b(Search|None|True|False|Slug|Add|Change|Delete|Save|View|History|Home|Select|Tasks?|"
    r"Results?|UTM|Yes|No|Today|Now|Show|Hide|Actions?|Log out|Welcome|Traceback|Enqueued|"
    r"Priority|Queue|Can|relationship|confirmation)\b|\bobject \(\d+\)"
    r"|\bUtm|qrcode|\bde experiment\b|\b(?!utm_)[a-z]+_[a-z_]+\b"
)
# A moment written as Python prints it, or with its offset to UTC.
RAW_MOMENT = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d|[+-]00:00|\bUTC\b")
HEADING = re.compile(r"<(h1|h2|h3|caption|title)\b[^>]*>(.*?)</\1>", re.S)
# The rows this test makes are made at 23:47 UTC, 00:47 the next day in Amsterdam (CET).
MADE_AT = datetime.datetime(2026, 1, 14, 23, 47, tzinfo=datetime.UTC)
UTC_CLOCK = "23:47"
PASSWORD = "Sterk-wachtwoord-42"


def visible_text(page):
    """What a reader sees or hears: the text, and the attributes that screen readers and
    tooltips say (alt, title, aria-label, placeholder, the value of a button)."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    attributes = re.findall(r'\b(?:alt|title|aria-label|placeholder)="([^"]*)"', page)
    buttons = re.findall(r'<input[^>]*type="(?:submit|button)"[^>]*value="([^"]*)"', page)
    return html.unescape(" ".join([strip_tags(page), *attributes, *buttons]))


def log_in(username, group=None, superuser=False):
    """A client logged in through the login page, with the code of an authenticator app."""
    user = get_user_model().objects.create_user(
        username, password=PASSWORD, is_staff=True, is_superuser=superuser
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    device = TOTPDevice.objects.create(user=user, name="telefoon", confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": PASSWORD, "otp_token": f"{totp.token():06d}"},
    )
    assert response.status_code == 302, username
    return client


def make_a_row_of_everything_the_demo_leaves_empty():
    programme = Programme.objects.published().first()
    intake = Intake.objects.filter(programme=programme).first()
    lead = make_lead(
        "walk@example.nl", programmes=[programme], preferred_start="asap", postcode="3512"
    )
    submission = lead.submissions.get()
    Consent.objects.filter(submission=submission).update(withdrawn_at=timezone.now())
    Reminder.objects.create(
        lead=lead, submission=submission, intake=intake, deadline=intake.application_deadline
    )
    Introduction.objects.create(lead=lead, werkplek=Werkplek.objects.first())
    ExportLog.objects.create(username="toelating", row_count=3, filters="status=nieuw")
    PrivacyAudit.objects.create(action=PrivacyAudit.Action.PURGE, lead_count=2)
    Experiment.objects.create(persona=Persona.objects.first(), name="Kop met een vraag")
    make_alert("walk@example.nl")
    ImportRun.objects.create(
        started_at=timezone.now(),
        finished_at=timezone.now(),
        source="https://api.hogeschool.example/ooapi/v5",
        status=ImportRun.Status.FAILED,
        reason="De bron antwoordde niet binnen 20 seconden.",
        lines=[["skipped", "Master Bedrijfskunde: geen duaal of deeltijd"]],
    )


def pages_of(client):
    """The index and the admin's own pages it links to, and for every model the client sees
    its list, its add page, and the change and delete pages of its first row: each
    with whether the role may be refused it (a delete page, where it may not delete)."""
    index = client.get("/admin/")
    own_pages = ["/admin/resultaten/", "/admin/zonder-werkplek/"]
    pages = [(url, False) for url in ["/admin/", *own_pages] if url in index.content.decode()]
    seen = set()
    for app in index.context["app_list"]:
        for model in app["models"]:
            seen.add(model["model"])
            pages.append((model["admin_url"], False))
            if model.get("add_url"):
                pages.append((model["add_url"], False))
            first = model["model"]._default_manager.order_by("pk").first()
            assert first is not None, f"make a row of {model['model'].__name__} in this test"
            row = f"{model['admin_url']}{first.pk}/"
            pages += [(f"{row}change/", False), (f"{row}delete/", True)]
    return pages, seen


def faults(page):
    text = visible_text(page)
    found = [f"English: {m.group()!r}" for m in ENGLISH.finditer(text)]
    found += [f"raw moment: {m.group()!r}" for m in RAW_MOMENT.finditer(text)]
    found += [f"UTC clock: {UTC_CLOCK}"] if UTC_CLOCK in text else []
    for tag, heading in HEADING.findall(page):
        words = html.unescape(strip_tags(heading)).strip()
        if words[:1].islower():
            found.append(f"{tag} without a capital: {words!r}")
    return found


ROLES = {
    "superuser": {"superuser": True},
    COMMUNICATIONS: {"group": COMMUNICATIONS},
    ADMISSIONS: {"group": ADMISSIONS},
}


@pytest.mark.parametrize("role", list(ROLES))
def test_every_admin_page_a_role_opens_is_dutch_with_capitals_and_local_times(
    demo_content, settings, role
):
    settings.ADMIN_2FA = True
    with time_machine.travel(MADE_AT, tick=False):
        make_a_row_of_everything_the_demo_leaves_empty()
    client = log_in(role.lower(), **ROLES[role])
    pages, seen = pages_of(client)
    found = {}
    for url, may_be_refused in pages:
        response = client.get(url)
        if may_be_refused and response.status_code == 403:
            continue
        assert response.status_code == 200, (url, response.status_code)
        if faults_here := faults(response.content.decode()):
            found[url] = sorted(set(faults_here))
    assert found == {}
    if role == "superuser":
        # Every model in the admin was walked; the task queue's results are not in it.
        assert seen == set(admin.site._registry)
        assert "django_tasks_database" not in {model._meta.app_label for model in seen}
