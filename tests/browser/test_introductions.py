"""An introduction answered, in Chromium: the employer opens the link in the introduction
mail and invites the person; the person opens the link in the answer mail and sees it."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone

from employers.models import Introduction
from tests.employers.answering import introduce
from tests.leads.helpers import run_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def link_in(message):
    link = re.search(r"https?://\S+\?t=\S+", message.body).group(0)
    address = urlsplit(link)
    return f"{address.path}?{address.query}"


def test_the_employer_invites_and_the_person_sees_the_invitation(visit, browser):
    introduction = introduce()
    run_worker()
    page = visit.page
    to_employer = next(m for m in mail.outbox if m.to == ["henk@devries.example"])

    # The employer opens the link: the token leaves the address bar.
    visit.goto(link_in(to_employer))
    page.wait_for_url("**/werkgevers/mijn/")
    candidate = page.locator(f"#kennismaking-{introduction.pk}")
    assert "zoe@example.nl" in candidate.inner_text()
    assert visit.axe_violations() == []
    moment = timezone.localtime() + datetime.timedelta(days=9)
    candidate.get_by_label("Ik stel een moment voor").check()
    candidate.get_by_label("Voorgesteld moment").fill(moment.strftime("%Y-%m-%dT10:30"))
    candidate.get_by_label("Toelichting voor de kandidaat (niet verplicht)").fill("Tot dan!")
    candidate.get_by_role("button", name="Uitnodigen").click()
    page.wait_for_url(f"**/werkgevers/mijn/plek/*/#kennismaking-{introduction.pk}")
    assert "De kandidaat en Toelating krijgen uw antwoord per mail." in page.content()
    introduction.refresh_from_db()
    assert introduction.status == Introduction.Status.MEETING

    # The person opens the link in the answer mail, in another browser.
    run_worker()
    answer = next(m for m in mail.outbox if "wil kennismaken" in m.subject)
    person = browser.new_context(viewport={"width": 390, "height": 800}, locale="nl-NL")
    phone = person.new_page()
    phone.goto(visit.base_url + link_in(answer))
    phone.wait_for_url("**/mijn/")
    shown = phone.locator(f"#kennismaking-{introduction.pk}").inner_text()
    assert "De werkgever nodigt jou uit voor een kennismaking op" in shown
    assert "10:30 uur" in shown and "Tot dan!" in shown
    phone.get_by_role("button", name="Ik wil kennismaken").click()
    phone.wait_for_url(f"**/mijn/#kennismaking-{introduction.pk}")
    assert "graag kennismaakt" in phone.content()
    introduction.refresh_from_db()
    assert introduction.candidate_reply == Introduction.CandidateReply.MEET
    assert visit.console_errors == [] and visit.foreign_requests() == []
    person.close()
