"""An introduction as the daily work has them: a person who may be shared, proposed for a
place of Henk's company; and the pages each side opens through the link in their mails."""

from django.test import Client

from employers.models import Introduction
from tests.factories import make_intake, make_lead, make_programme
from tests.mkbroute.test_personal_links import open_link

from .helpers import make_employer, make_werkplek


def introduce(lead=None, werkplek=None, **details):
    """Zoë (confirmed: she may be shared) proposed for Henk's "Junior developer"."""
    if werkplek is None:
        programme = make_programme(name="Software Development")
        make_intake(programme, start_in_days=250)
        employer = make_employer(name="De Vries ICT", contact_email="henk@devries.example")
        werkplek = make_werkplek(
            employer=employer, title="Junior developer", programmes=[programme]
        )
    if lead is None:
        values = {"programmes": werkplek.programmes.all(), "hours_per_week": 32, "phone": "0612"}
        lead = make_lead("zoe@example.nl", **{**values, **details})
        for submission in lead.submissions.all():
            submission.confirm_consents()
    introduction, _created = Introduction.propose(lead, werkplek)
    return introduction


def employer_page(employer):
    """A browser with the employer's page open, through the link in their mail."""
    client = Client()
    assert open_link(client, employer.personal_link()).status_code == 200
    return client


def candidate_page(lead):
    client = Client()
    assert open_link(client, lead.personal_link()).status_code == 200
    return client


def mails_to(outbox, address):
    return [message for message in outbox if address in message.to]
