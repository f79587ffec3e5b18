"""On /mijn/ a person follows their introductions and replies to them: admissions hear every
reply, the employer a withdrawal."""

import pytest
from django.conf import settings
from django.test import Client

from employers.models import Introduction
from tests.employers.answering import candidate_page, employer_page, introduce, mails_to
from tests.factories import make_lead
from tests.leads.helpers import run_worker

pytestmark = pytest.mark.django_db


def reply_url(introduction):
    return f"/mijn/kennismaking/{introduction.pk}/"


def test_the_person_sees_each_introduction_with_its_state_and_can_reply(mailoutbox):
    introduction = introduce()
    html = candidate_page(introduction.lead).get("/mijn/").content.decode()
    assert "Junior developer, De Vries ICT" in html
    assert "naam, e-mailadres, telefoonnummer" in html  # what was shared
    assert "Nog geen antwoord." in html
    assert f'action="{reply_url(introduction)}"' in html
    assert "Ik wil kennismaken" in html and "Ik heb geen interesse meer" in html


def test_wanting_to_meet_reaches_admissions(mailoutbox):
    introduction = introduce()
    employer_page(introduction.werkplek.employer).post(
        f"/werkgevers/mijn/kennismaking/{introduction.pk}/uitnodigen/", {"how": "bellen"}
    )
    run_worker()
    mailoutbox.clear()
    client = candidate_page(introduction.lead)
    data = {"reactie": "kennismaken", "toelichting": "Bel liefst na vier uur."}
    response = client.post(reply_url(introduction), data)
    assert response.status_code == 303
    assert response["Location"] == f"/mijn/#kennismaking-{introduction.pk}"
    introduction.refresh_from_db()
    assert introduction.candidate_reply == "kennismaken"
    assert introduction.status == Introduction.Status.MEETING
    html = client.get("/mijn/").content.decode()
    assert "Toelating weet nu dat je graag kennismaakt." in html
    assert "Bel liefst na vier uur." in html
    history = introduction.lead.history.get()
    assert history.via_link and "wil kennismaken" in history.what
    run_worker()
    (notice,) = mails_to(mailoutbox, settings.EMPLOYERS_NOTIFY_EMAIL)
    assert "Reactie van de kandidaat" in notice.body and "Bel liefst na vier uur." in notice.body
    assert not mails_to(mailoutbox, "henk@devries.example")


def test_withdrawing_declines_and_tells_the_employer_without_the_persons_words(mailoutbox):
    introduction = introduce()
    run_worker()
    mailoutbox.clear()
    client = candidate_page(introduction.lead)
    data = {"reactie": "geen_interesse", "toelichting": "Ik heb iets anders gevonden."}
    client.post(reply_url(introduction), data)
    introduction.refresh_from_db()
    assert introduction.status == Introduction.Status.DECLINED
    assert introduction.declined_by == Introduction.DeclinedBy.CANDIDATE
    html = client.get("/mijn/").content.decode()
    assert f'action="{reply_url(introduction)}"' not in html  # nothing left to reply to
    run_worker()
    (to_employer,) = mails_to(mailoutbox, "henk@devries.example")
    assert "geen interesse meer" in to_employer.body and "Zoë de Vries" in to_employer.body
    assert "iets anders gevonden" not in to_employer.body
    (notice,) = mails_to(mailoutbox, settings.EMPLOYERS_NOTIFY_EMAIL)
    assert "Ik heb iets anders gevonden." in notice.body
    place_page = f"/werkgevers/mijn/plek/{introduction.werkplek.slug}/"
    employer_html = employer_page(introduction.werkplek.employer).get(place_page)
    assert "geen interesse meer" in employer_html.content.decode()
    # The employer no longer answers it.
    assert "/uitnodigen/" not in employer_html.content.decode()


def test_a_reply_needs_a_choice(mailoutbox):
    introduction = introduce()
    client = candidate_page(introduction.lead)
    html = client.post(reply_url(introduction), {"reactie": "misschien"}, follow=True)
    assert "Kies of je wilt kennismaken of geen interesse meer hebt." in html.content.decode()
    introduction.refresh_from_db()
    assert introduction.candidate_reply == ""


def test_nobody_replies_for_someone_else(mailoutbox):
    introduction = introduce()
    other = make_lead("kim@example.nl")
    response = candidate_page(other).post(reply_url(introduction), {"reactie": "geen_interesse"})
    assert response.status_code == 404
    assert Client().post(reply_url(introduction), {"reactie": "geen_interesse"}).status_code == 403
    assert candidate_page(introduction.lead).get(reply_url(introduction)).status_code == 405
    introduction.refresh_from_db()
    assert introduction.status == Introduction.Status.PROPOSED and not introduction.candidate_reply


def test_a_declined_introduction_takes_no_reply(mailoutbox):
    introduction = introduce()
    employer_page(introduction.werkplek.employer).post(
        f"/werkgevers/mijn/kennismaking/{introduction.pk}/past-niet/", {"reason": "afstand"}
    )
    client = candidate_page(introduction.lead)
    response = client.post(reply_url(introduction), {"reactie": "kennismaken"}, follow=True)
    assert "geen reactie meer nodig" in response.content.decode()
    introduction.refresh_from_db()
    assert introduction.candidate_reply == ""
