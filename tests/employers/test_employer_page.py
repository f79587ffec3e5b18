import datetime
import re

import pytest
import time_machine
from django.utils import timezone

from employers import demo
from employers.models import EmployerSection
from programmes.models import Scheme

pytestmark = pytest.mark.django_db


def test_the_page_shows_the_texts_communications_wrote(client):
    EmployerSection.objects.create(heading="Wat de route vraagt", body="Een **praktijkopleider**.")
    EmployerSection.objects.create(heading="Verborgen", body="x", published=False)
    page = client.get("/werkgevers/").content.decode()
    assert "Wat de route vraagt" in page and "<strong>praktijkopleider</strong>" in page
    assert "Verborgen" not in page


def test_ended_schemes_are_shown_nowhere_and_coming_ones_appear_on_their_date(client):
    demo.load_schemes()
    page = client.get("/werkgevers/").content.decode()
    assert "STAP" not in page and "SLIM" not in page
    assert "Fiscale aftrek scholingskosten" in page
    starts = timezone.localdate() + datetime.timedelta(days=10)
    Scheme.objects.create(
        name="Nieuwe regeling",
        audience="werkgever",
        summary="Vanaf volgende week.",
        source_url="https://www.rijksoverheid.nl/onderwerpen/scholing",
        valid_from=starts,
        valid_to=starts + datetime.timedelta(days=30),
    )
    assert "Nieuwe regeling" not in client.get("/werkgevers/").content.decode()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=11)):
        page = client.get("/werkgevers/").content.decode()
        assert "Nieuwe regeling" in page and "rijksoverheid.nl" in page
    with time_machine.travel(timezone.now() + datetime.timedelta(days=45)):
        assert "Nieuwe regeling" not in client.get("/werkgevers/").content.decode()


def test_the_page_prints_without_buttons_and_navigation(client):
    from django.contrib.staticfiles import finders

    with open(finders.find("css/site.css"), encoding="utf-8") as stylesheet:
        css = stylesheet.read()
    assert "@media print" in css
    page = client.get("/werkgevers/").content.decode()
    assert 'class="d-flex flex-wrap gap-2 no-print"' in page and "print-only" in page


def test_the_hours_an_employer_offers_come_from_each_programme_and_read_the_same_everywhere(
    demo_content, client
):
    """A text block said "20 tot 24 uur" where the programmes ask 24: one source per fact."""
    from programmes.models import Programme

    employers_page = client.get("/werkgevers/").content.decode()
    assert not re.search(r"\d+ tot \d+ uur", employers_page)
    for programme in Programme.objects.published():
        hours = programme.workplace_hours
        assert f"minimaal {hours}" in employers_page
        detail = client.get(programme.get_absolute_url()).content.decode()
        assert f"Minimaal {hours} uur werk per week" in detail
