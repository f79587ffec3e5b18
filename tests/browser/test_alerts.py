"""Asking for mails about new werkplekken, in Chromium: from the list near a postcode to the
confirmation link in the mail, with pages that pass the WCAG checks."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail

from employers.alerts import Alert
from tests.employers.helpers import make_werkplek
from tests.leads.helpers import run_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_asks_for_new_werkplekken_and_confirms_from_the_mail(visit):
    make_werkplek(title="Monteur in opleiding")
    page = visit.page
    visit.goto("/werkplekken/?postcode=3512&afstand=10")
    assert visit.axe_violations() == []
    page.get_by_label("Jouw e-mailadres").fill("zoe@example.nl")
    page.get_by_role("button", name="Mail mij nieuwe werkplekken").click()
    page.wait_for_url("**/werkplekken/attendering/verstuurd/")
    assert "Kijk in jouw mail" in page.locator("h1").inner_text()
    assert visit.axe_violations() == []

    run_worker()
    [message] = mail.outbox
    link = re.search(r"https?://\S+/bevestigen/\S+/", message.body).group()
    visit.goto(urlsplit(link).path)
    assert Alert.objects.get().confirmed_at is None, "opening the link confirms nothing"
    assert visit.axe_violations() == []
    page.get_by_role("button", name="Ja, mail mij nieuwe werkplekken").click()
    page.get_by_role("heading", name="Bevestigd").wait_for()
    assert Alert.objects.get().confirmed_at is not None
    assert visit.console_errors == [] and visit.foreign_requests() == []
