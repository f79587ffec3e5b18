"""An employer answers an introduction on /werkgevers/mijn/: an invitation or "past niet" with
a reason; the person and admissions hear it."""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from employers.models import Introduction
from leads.models import Consent
from tests.factories import make_lead
from tests.leads.helpers import run_worker

from .answering import candidate_page, employer_page, introduce, mails_to
from .helpers import make_employer, make_werkplek

pytestmark = pytest.mark.django_db


def invite_url(introduction):
    return f"/werkgevers/mijn/kennismaking/{introduction.pk}/uitnodigen/"


def decline_url(introduction):
    return f"/werkgevers/mijn/kennismaking/{introduction.pk}/past-niet/"


def in_a_week():
    moment = timezone.localtime() + datetime.timedelta(days=7)
    return moment.replace(hour=10, minute=30).strftime("%Y-%m-%dT%H:%M")


def test_the_employer_sees_the_consented_details_and_can_answer(mailoutbox):
    introduction = introduce(message="Geheim bericht voor toelating")
    page = employer_page(introduction.werkplek.employer).get("/werkgevers/mijn/")
    html = page.content.decode()
    assert "Zoë de Vries" in html and "zoe@example.nl" in html and "0612" in html
    assert "Software Development" in html and "32" in html
    assert "Geheim bericht" not in html
    assert invite_url(introduction) in html and decline_url(introduction) in html
    assert "De opleiding past niet bij het werk" in html  # the reasons to choose from


def test_an_answered_introduction_leaves_the_overview_and_stays_on_its_places_page(mailoutbox):
    introduction = introduce()
    client = employer_page(introduction.werkplek.employer)
    overview = client.get("/werkgevers/mijn/").content.decode()
    assert "Kandidaten die op uw antwoord wachten" in overview
    assert "Voor de werkplek Junior developer" in overview
    client.post(invite_url(introduction), {"how": "bellen"})
    overview = client.get("/werkgevers/mijn/").content.decode()
    assert "Kandidaten die op uw antwoord wachten" not in overview
    assert "Zoë de Vries" not in overview
    place = client.get(f"/werkgevers/mijn/plek/{introduction.werkplek.slug}/").content.decode()
    assert f'id="kennismaking-{introduction.pk}"' in place and "Zoë de Vries" in place
    assert "u belt om af te spreken" in place and invite_url(introduction) not in place


def test_without_the_sharing_consent_the_employer_sees_nothing_of_the_person(mailoutbox):
    introduction = introduce()
    Consent.objects.update(withdrawn_at=timezone.now())
    html = employer_page(introduction.werkplek.employer).get("/werkgevers/mijn/").content.decode()
    assert "Zoë" not in html and "zoe@example.nl" not in html
    assert invite_url(introduction) not in html
    assert "deelt de gegevens niet (meer)" in html


def test_an_invitation_with_a_moment_reaches_the_person_and_admissions(mailoutbox):
    introduction = introduce()
    run_worker()
    mailoutbox.clear()
    employer = introduction.werkplek.employer
    client = employer_page(employer)
    data = {"how": "moment", "moment": in_a_week(), "note": "Vraag naar Henk bij de balie."}
    response = client.post(invite_url(introduction), data)
    assert response.status_code == 303
    place = f"/werkgevers/mijn/plek/{introduction.werkplek.slug}/"
    assert response["Location"] == f"{place}#kennismaking-{introduction.pk}"
    introduction.refresh_from_db()
    assert introduction.status == Introduction.Status.MEETING
    assert introduction.answered_at is not None and not introduction.will_call
    assert timezone.localtime(introduction.meeting_proposed_for).strftime("%H:%M") == "10:30"
    followed = client.get("/werkgevers/mijn/").content.decode()
    assert "De kandidaat en Toelating krijgen uw antwoord per mail." in followed
    assert invite_url(introduction) not in followed  # answered once
    history = employer.history.get(what="Kandidaat uitgenodigd")
    assert history.via_link and history.werkplek == introduction.werkplek

    run_worker()
    (to_person,) = mails_to(mailoutbox, "zoe@example.nl")
    assert "De Vries ICT wil kennismaken" in to_person.subject
    assert "10:30" in to_person.body and "Vraag naar Henk bij de balie." in to_person.body
    assert "/mijn/?t=" in to_person.body
    (to_admissions,) = mails_to(mailoutbox, settings.EMPLOYERS_NOTIFY_EMAIL)
    assert "uitnodiging voor een kennismaking" in to_admissions.body
    assert f"/admin/employers/introduction/{introduction.pk}/change/" in to_admissions.body


def test_we_bellen_needs_no_moment(mailoutbox):
    introduction = introduce()
    client = employer_page(introduction.werkplek.employer)
    client.post(invite_url(introduction), {"how": "bellen", "moment": ""})
    introduction.refresh_from_db()
    assert introduction.status == Introduction.Status.MEETING and introduction.will_call
    run_worker()
    (answer,) = [m for m in mails_to(mailoutbox, "zoe@example.nl") if "kennismaken" in m.subject]
    assert "De werkgever belt jou om een moment af te spreken." in answer.body


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"how": "moment", "moment": ""}, "Vul het moment in dat u voorstelt"),
        ({"how": "moment", "moment": "2020-01-06T10:00"}, "Dit moment is al voorbij"),
        ({"how": "moment", "moment": "2092-01-06T10:00"}, "meer dan een jaar vooruit"),
        ({"how": "moment", "moment": "morgen"}, "Vul een datum en tijd in"),
        ({}, "Kies een moment of &#x27;we bellen&#x27;."),
    ],
)
def test_an_invitation_needs_a_moment_in_the_future_or_we_bellen(data, error, mailoutbox):
    introduction = introduce()
    client = employer_page(introduction.werkplek.employer)
    response = client.post(invite_url(introduction), data, follow=True)
    assert error in response.content.decode()
    introduction.refresh_from_db()
    assert introduction.status == Introduction.Status.PROPOSED
    assert introduction.answered_at is None


def test_past_niet_needs_a_reason_from_the_list(mailoutbox):
    introduction = introduce()
    client = employer_page(introduction.werkplek.employer)
    for data in ({"note": "Helaas"}, {"reason": "geen-idee"}, {"reason": "anders", "note": " "}):
        html = client.post(decline_url(introduction), data, follow=True).content.decode()
        assert "Kies een reden" in html or "wat de reden is" in html
    introduction.refresh_from_db()
    assert introduction.status == Introduction.Status.PROPOSED
    run_worker()
    assert not mails_to(mailoutbox, settings.EMPLOYERS_NOTIFY_EMAIL)


def test_past_niet_with_a_reason_reaches_the_person_and_admissions(mailoutbox):
    introduction = introduce()
    run_worker()
    mailoutbox.clear()
    client = employer_page(introduction.werkplek.employer)
    data = {"reason": "uren", "note": "We zoeken iemand voor vier dagen."}
    assert client.post(decline_url(introduction), data).status_code == 303
    introduction.refresh_from_db()
    assert introduction.status == Introduction.Status.DECLINED
    assert introduction.declined_by == Introduction.DeclinedBy.EMPLOYER
    assert introduction.decline_category == "uren"
    assert introduction.decline_reason == "We zoeken iemand voor vier dagen."
    run_worker()
    (to_person,) = mails_to(mailoutbox, "zoe@example.nl")
    assert "de uren of de beschikbaarheid passen niet" in to_person.body
    assert "We zoeken iemand voor vier dagen." in to_person.body
    assert "/mijn/?t=" in to_person.body
    (to_admissions,) = mails_to(mailoutbox, settings.EMPLOYERS_NOTIFY_EMAIL)
    assert "past niet. Reden: De uren of de beschikbaarheid passen niet" in to_admissions.body
    # Admissions see it on the introduction too.
    assert introduction.werkplek.employer.history.filter(what="Kandidaat past niet").exists()


def test_the_person_sees_the_answer_on_their_page(mailoutbox):
    introduction = introduce()
    employer_page(introduction.werkplek.employer).post(
        decline_url(introduction), {"reason": "afstand", "note": "Te ver van Utrecht."}
    )
    html = candidate_page(introduction.lead).get("/mijn/").content.decode()
    assert "Junior developer, De Vries ICT" in html
    assert "De werkgever laat weten dat het niet past: de afstand is te groot." in html
    assert "Te ver van Utrecht." in html


def test_an_answer_counts_once(mailoutbox):
    introduction = introduce()
    client = employer_page(introduction.werkplek.employer)
    client.post(invite_url(introduction), {"how": "bellen"})
    html = client.post(decline_url(introduction), {"reason": "uren"}, follow=True)
    assert "Deze kennismaking is al beantwoord." in html.content.decode()
    introduction.refresh_from_db()
    assert introduction.status == Introduction.Status.MEETING


def test_an_employer_cannot_answer_for_another_employers_introduction(mailoutbox):
    introduction = introduce()
    other = make_employer()
    response = employer_page(other).post(decline_url(introduction), {"reason": "uren"})
    assert response.status_code == 404
    introduction.refresh_from_db()
    assert introduction.status == Introduction.Status.PROPOSED


def test_answering_needs_the_link_and_a_post(mailoutbox):
    introduction = introduce()
    assert Client().post(invite_url(introduction), {"how": "bellen"}).status_code == 403
    client = employer_page(introduction.werkplek.employer)
    for url in (invite_url(introduction), decline_url(introduction)):
        assert client.get(url).status_code == 405
        assert client.head(url).status_code == 405
    introduction.refresh_from_db()
    assert introduction.status == Introduction.Status.PROPOSED


def test_the_person_is_told_what_was_shared_with_whom_when_introduced(mailoutbox):
    introduction = introduce()
    run_worker()
    (to_person,) = [m for m in mails_to(mailoutbox, "zoe@example.nl") if "voorgesteld" in m.subject]
    assert to_person.subject == "We hebben jou voorgesteld aan De Vries ICT"
    assert 'de werkplek "Junior developer" bij De Vries ICT in Utrecht' in to_person.body
    assert introduction.shared in to_person.body
    assert "naam, e-mailadres, telefoonnummer, opleiding" in to_person.body
    assert "/mijn/?t=" in to_person.body


def test_no_mail_to_the_person_who_withdrew_the_contact_consent(mailoutbox):
    introduction = introduce()
    Consent.objects.filter(purpose=Consent.Purpose.CONTACT).update(withdrawn_at=timezone.now())
    employer_page(introduction.werkplek.employer).post(invite_url(introduction), {"how": "bellen"})
    run_worker()
    assert not mails_to(mailoutbox, "zoe@example.nl")
    assert mails_to(mailoutbox, settings.EMPLOYERS_NOTIFY_EMAIL)  # admissions still hear it


def test_the_introduction_mail_carries_the_employers_link(mailoutbox):
    introduce()
    run_worker()
    (to_employer,) = mails_to(mailoutbox, "henk@devries.example")
    assert "/werkgevers/mijn/?t=" in to_employer.body


def test_the_page_of_an_employer_with_many_introductions_asks_a_fixed_number_of_queries(
    mailoutbox,
):
    first = introduce()
    werkplek = first.werkplek
    client = employer_page(werkplek.employer)

    def count():
        client.get("/werkgevers/mijn/")  # the tone, read again after the places changed
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/werkgevers/mijn/").status_code == 200
        return len(queries)

    one = count()
    for n in range(5):
        place = make_werkplek(employer=werkplek.employer, programmes=werkplek.programmes.all())
        lead = make_lead(f"kandidaat{n}@example.nl", programmes=werkplek.programmes.all())
        for submission in lead.submissions.all():
            submission.confirm_consents()
        introduce(lead=lead, werkplek=place)
    assert count() == one


def test_the_page_lets_the_browser_send_its_answers():
    """Under "Referrer-Policy: no-referrer" a browser posts the page's forms with "Origin:
    null", which the CSRF check refuses; the page keeps the address to the site instead."""
    page = employer_page(make_employer()).get("/werkgevers/mijn/")
    assert page["Referrer-Policy"] == "same-origin"  # tests/browser/test_introductions.py
