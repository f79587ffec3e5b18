"""Every link in every mail the site sends can be opened by a mail scanner without effect."""

import datetime
import io
import re
from urllib.parse import urlsplit

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.test import Client

from employers import mails
from employers.models import Introduction
from leads.outbox import Mail, kind_of
from tests.employers.answering import candidate_page, employer_page, introduce
from tests.employers.helpers import make_employer, make_werkplek, register
from tests.employers.test_introductions import person, propose_url
from tests.factories import make_intake, make_lead, make_programme
from tests.helpers import command_output
from tests.leads.helpers import run_worker, submit
from tests.mkbroute.test_personal_links import open_link
from tests.personas.admission_data import make_admission_data

pytestmark = pytest.mark.django_db
LINK = re.compile(r"""https?://[^\s<>"')]+""")


def database():
    """Everything the site keeps about people, places and content, as one text."""
    out = io.StringIO()
    apps = ["programmes", "personas", "leads", "results", "employers", "auth"]
    call_command("dumpdata", *apps, stdout=out)
    return out.getvalue()


def links_in(message):
    texts = [message.body, *(content for content, _type in message.alternatives)]
    texts += [value for value in message.extra_headers.values()]
    return {link.rstrip(".,;") for text in texts for link in LINK.findall(text)}


def send_every_kind_of_mail(client, personas, admissions):
    # A lead with every consent (confirmation, and a notification to admissions)...
    submit(client, consent_newsletter="on", consent_partners="on", consent_employer="on")
    # ...an employer's registration (admissions are told, the contact person gets a
    # confirmation with their link)...
    programme = make_programme(name="Software Development")
    make_intake(programme, start_in_days=250)
    register(client, programme)
    # ...an introduction to an employer (with the employer's link)...
    employer = make_employer(name="De Vries ICT", contact_email="henk@devries.example")
    werkplek = make_werkplek(employer=employer, title="Junior developer", programmes=[programme])
    lead = person(programme)
    admissions.post(propose_url(lead, werkplek))
    # ...a new contact person, filled in through the employer's link, gets their own...
    own = Client()
    open_link(own, employer.personal_link())
    new_contact = {"contact_name": "Sara de Vries", "contact_email": "sara@devries.example"}
    own.post("/werkgevers/mijn/contactpersoon/", new_contact)
    run_worker()
    # ...the employer's answer (to the person and admissions), the person's withdrawal (to the
    # employer), a reminder about another place's introduction and a freshness question...
    answer_and_withdraw(Introduction.objects.get())
    introduce(lead=lead, werkplek=make_werkplek(employer=employer, programmes=[programme]))
    run_worker()
    for days in (8, 31):
        with time_machine.travel(datetime.timedelta(days=days)):
            command_output("run_daily")
            run_worker()
    # ...and a reminder before a deadline.
    with time_machine.travel(datetime.date(2026, 3, 1), tick=False):
        asked = make_admission_data()
        make_lead("kim@example.nl", programmes=[asked], preferred_start="2026-09")
    with time_machine.travel(datetime.date(2026, 4, 20), tick=False):
        command_output("send_reminders")
        run_worker()


def answer_and_withdraw(introduction):
    employer_page(introduction.werkplek.employer).post(
        f"/werkgevers/mijn/kennismaking/{introduction.pk}/uitnodigen/", {"how": "bellen"}
    )
    run_worker()  # the answer goes to the person before they withdraw
    candidate_page(introduction.lead).post(
        f"/mijn/kennismaking/{introduction.pk}/", {"reactie": "geen_interesse"}
    )
    run_worker()


def test_every_kind_of_mail_is_sent(client, personas, admissions):
    send_every_kind_of_mail(client, personas, admissions)
    sent = set(Mail.objects.filter(status=Mail.Status.SENT).values_list("kind", flat=True))
    for write in (
        mails.introduction,
        mails.introduced,
        mails.employer_answer,
        mails.introduction_notice,
        mails.candidate_declined,
        mails.introduction_reminder,
        mails.freshness_question,
    ):
        assert kind_of(write) in sent


def test_opening_every_link_in_every_mail_changes_nothing(client, personas, admissions):
    send_every_kind_of_mail(client, personas, admissions)
    subjects = {message.subject.split()[0] for message in mail.outbox}
    assert len(mail.outbox) >= 5 and len(subjects) >= 4, subjects
    site = urlsplit(settings.SITE_URL).netloc
    ours = {
        link
        for message in mail.outbox
        for link in links_in(message)
        if urlsplit(link).netloc == site
    }
    assert any("/interesse/intrekken/" in link for link in ours)
    assert any("/interesse/bevestigen/" in link for link in ours)
    # The person's own page, from their confirmation and their reminder.
    own_page = [message.subject for message in mail.outbox if "/mijn/?t=" in message.body]
    assert any(subject.startswith("Herinnering") for subject in own_page), own_page
    assert len(own_page) >= 3, own_page
    assert {"Aanmelding", "U"} <= subjects  # the confirmation and the new contact's mail
    assert any("/werkgevers/mijn/?t=" in link for link in ours)
    before = database()
    scanner = Client()
    for link in sorted(ours):
        address = urlsplit(link)
        path = address.path + (f"?{address.query}" if address.query else "")
        assert scanner.head(path).status_code < 500, link
        assert scanner.get(path).status_code < 500, link
    assert database() == before
