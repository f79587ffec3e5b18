import datetime
import json

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from employers.models import Employer, Introduction
from leads.models import Consent, Lead
from tests.factories import make_intake, make_lead, make_programme
from tests.helpers import command_output
from tests.leads.helpers import run_worker

from .helpers import make_employer, make_werkplek

pytestmark = pytest.mark.django_db


@pytest.fixture
def ict():
    programme = make_programme(name="Software Development")
    make_intake(programme, start_in_days=250)
    return programme


@pytest.fixture
def werkplek(ict):
    employer = make_employer(name="De Vries ICT", contact_email="henk@devries.example")
    return make_werkplek(employer=employer, title="Junior developer", programmes=[ict])


def person(ict, confirmed=True, **details):
    values = {
        "programmes": [ict],
        "postcode": "3512",
        "has_employer": False,
        "hours_per_week": 32,
        "preferred_start": "asap",
        "message": "Geheim bericht voor toelating",
        "education": "havo",
    }
    lead = make_lead("zoe@example.nl", **{**values, **details})
    lead.phone = "06 12345678"
    lead.save()
    if confirmed:
        for submission in lead.submissions.all():
            submission.confirm_consents()
    return lead


def propose_url(lead, werkplek):
    return f"/admin/employers/introduction/voorstellen/{lead.pk}/{werkplek.pk}/"


def test_the_lead_page_shows_fitting_places_to_propose(admissions, ict, werkplek):
    lead = person(ict)
    page = admissions.get(f"/admin/leads/lead/{lead.pk}/change/").content.decode()
    assert "Junior developer" in page and "De Vries ICT" in page
    assert propose_url(lead, werkplek) in page
    assert "km, 32 uur, start" in page


def test_the_lead_page_offers_no_far_places_to_someone_without_a_postcode(
    admissions, ict, werkplek
):
    lead = person(ict, postcode="")
    page = admissions.get(f"/admin/leads/lead/{lead.pk}/change/").content.decode()
    assert propose_url(lead, werkplek) not in page
    assert "Geen postcode bekend: vraag die, dan staan hier de werkplekken in de buurt." in page


def test_proposing_mails_the_employer_only_what_was_consented(
    admissions, ict, werkplek, mailoutbox
):
    lead = person(ict)
    confirm = admissions.get(propose_url(lead, werkplek)).content.decode()
    assert "naam, e-mailadres, telefoonnummer, opleiding" in confirm
    response = admissions.post(propose_url(lead, werkplek))
    introduction = Introduction.objects.get()
    assert response["Location"] == f"/admin/employers/introduction/{introduction.pk}/change/"
    assert introduction.status == Introduction.Status.PROPOSED
    assert introduction.proposed_by.username == "toelating"
    run_worker()
    (mail,) = [m for m in mailoutbox if m.to == ["henk@devries.example"]]
    assert "Zoë de Vries" in mail.body and "zoe@example.nl" in mail.body
    assert "06 12345678" in mail.body and "Software Development" in mail.body
    assert "Geheim bericht" not in mail.body and "havo" not in mail.body.lower()
    # Proposing again makes nothing new and mails nothing again.
    admissions.post(propose_url(lead, werkplek))
    run_worker()
    assert Introduction.objects.count() == 1
    assert len([m for m in mailoutbox if m.to == ["henk@devries.example"]]) == 1


def test_no_proposal_without_a_confirmed_sharing_consent(admissions, ict, werkplek, mailoutbox):
    lead = person(ict, confirmed=False)  # said yes, never clicked the link in the mail
    response = admissions.post(propose_url(lead, werkplek), follow=True)
    assert "Niet voorgesteld" in response.content.decode()
    assert not Introduction.objects.exists()
    Consent.objects.update(confirmed_at=timezone.now(), withdrawn_at=timezone.now())
    admissions.post(propose_url(lead, werkplek))
    assert not Introduction.objects.exists()
    run_worker()
    assert not [m for m in mailoutbox if "henk@devries.example" in m.to]


def test_a_reply_consent_counts_for_that_place_only(admissions, ict, werkplek):
    other = make_werkplek(programmes=[ict], title="Andere plek")
    lead = make_lead("r@example.nl", programmes=[ict])
    Consent.objects.filter(purpose="partners").update(given=False)
    submission = lead.submissions.get()
    Consent.objects.create(
        submission=submission, purpose="werkgever", given=True, confirmed_at=timezone.now()
    )
    submission.werkplek_reply = werkplek.replies.create(submission=submission)
    admissions.post(propose_url(lead, other))
    assert not Introduction.objects.exists()
    admissions.post(propose_url(lead, werkplek))
    assert Introduction.objects.get().werkplek == werkplek


def test_the_status_moves_with_who_and_when(admissions, ict, werkplek):
    lead = person(ict)
    admissions.post(propose_url(lead, werkplek))
    introduction = Introduction.objects.get()
    url = f"/admin/employers/introduction/{introduction.pk}/change/"
    assert admissions.post(url, {"status": "kennismaking"}).status_code == 302
    introduction.refresh_from_db()
    assert introduction.met_at is not None
    assert introduction.status_changed_by.username == "toelating"
    page = admissions.post(url, {"status": "afgewezen"}).content.decode()
    assert "Vul in wie heeft afgewezen" in page
    admissions.post(
        url, {"status": "afgewezen", "declined_by": "werkgever", "decline_reason": "Te ver"}
    )
    introduction.refresh_from_db()
    assert introduction.declined_at is not None and introduction.decline_reason == "Te ver"
    page = admissions.get(f"/admin/leads/lead/{lead.pk}/change/").content.decode()
    assert "Afgewezen" in page


def test_erasing_a_person_removes_their_introductions(admissions, ict, werkplek):
    lead = person(ict)
    admissions.post(propose_url(lead, werkplek))
    command_output("privacy", "erase", "zoe@example.nl")
    assert not Lead.objects.exists() and not Introduction.objects.exists()
    assert werkplek.__class__.objects.filter(pk=werkplek.pk).exists()


def test_privacy_duties_cover_employer_contact_persons(werkplek):
    output = command_output("privacy", "export", "HENK@devries.example")
    held = json.loads(output)["contactpersonen van werkgevers"]
    assert held[0]["contact_email"] == "henk@devries.example" and held[0]["name"] == "De Vries ICT"
    command_output("privacy", "erase", "henk@devries.example")
    employer = Employer.objects.get()
    assert employer.contact_email == "" and employer.contact_phone == ""
    assert "Contact" not in employer.contact_name
    assert employer.name == "De Vries ICT" and employer.werkplekken.exists()


def test_purge_forgets_contacts_of_employers_that_stopped_long_ago(settings):
    old = timezone.now() - datetime.timedelta(days=settings.LEADS_RETENTION_DAYS + 1)
    stopped = make_employer(status=Employer.Status.STOPPED)
    recent = make_employer(status=Employer.Status.STOPPED)
    active = make_employer(status=Employer.Status.ACTIVE)
    Employer.objects.filter(pk__in=[stopped.pk, active.pk]).update(status_changed_at=old)
    output = command_output("privacy", "purge")
    assert "1 contactpersonen van werkgevers" in output
    contacts = dict(Employer.objects.values_list("pk", "contact_email"))
    assert contacts[stopped.pk] == ""
    assert contacts[recent.pk] and contacts[active.pk]


def test_employer_status_changes_record_who_and_when(admissions):
    employer = make_employer(status=Employer.Status.REGISTERED)
    response = admissions.post(
        "/admin/employers/employer/",
        {"action": "move_to_gescreend", "_selected_action": [employer.pk]},
    )
    assert response.status_code == 302
    employer.refresh_from_db()
    assert employer.status == Employer.Status.SCREENED
    assert employer.status_changed_by == get_user_model().objects.get(username="toelating")


def test_introductions_and_replies_have_readable_names(ict, werkplek):
    lead = person(ict)
    introduction = Introduction.objects.create(lead=lead, werkplek=werkplek)
    assert str(introduction) == "Zoë de Vries → Junior developer, De Vries ICT"
    reply = werkplek.replies.create(submission=lead.submissions.get())
    assert str(reply) == "Zoë de Vries → Junior developer, De Vries ICT"
