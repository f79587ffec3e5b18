"""The overview an employer's link opens (/werkgevers/mijn/): a row per place."""

import datetime

import pytest
from django.utils import timezone

from employers.mine import places_of
from employers.models import Werkplek, WerkplekChange
from employers.templatetags.own_places import waits_for_check
from tests.factories import make_programme

from .helpers import make_employer, make_werkplek
from .test_mine_places import database, edit_url, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def werkplek():
    employer = make_employer(name="De Vries Installatie", contact_email="henk@devries.example")
    return make_werkplek(employer=employer, programmes=[make_programme()], title="Servicemonteur")


def test_a_row_of_the_overview_shows_the_places_facts_and_what_the_employer_typed_as_text(
    werkplek,
):
    confirmed = timezone.make_aware(datetime.datetime(2026, 3, 4, 23, 30))
    Werkplek.objects.filter(pk=werkplek.pk).update(
        title='<b>R&D</b> "nieuw"', confirmed_at=confirmed, open_until=datetime.date(2027, 1, 31)
    )
    overview = signed_in(werkplek.employer).get("/werkgevers/mijn/").content.decode()
    row = overview[overview.index("<tbody>") : overview.index("</tbody>")]
    assert "&lt;b&gt;R&amp;D&lt;/b&gt; &quot;nieuw&quot;</a>" in row
    assert "<b>" not in row
    # Local time: 23:30 in Amsterdam is still the 4th.
    assert "<td>4 maart 2026</td><td>31 januari 2027</td>" in row
    assert "Open · op de site" in row and "wacht op controle" not in row
    assert row.count('<td class="text-end">0</td>') == 2


def test_opening_the_pages_changes_nothing_and_actions_want_a_post(werkplek):
    client = signed_in(werkplek.employer)
    before = database()
    pages = ["/werkgevers/mijn/nieuw/", "/werkgevers/mijn/contactpersoon/", edit_url(werkplek)]
    for url in [*pages, "/werkgevers/link/"]:
        assert client.get(url).status_code == 200, url
        assert client.head(url).status_code == 200, url
    for action in ("sluiten/", "heropenen/", "kopieren/"):
        assert client.get(edit_url(werkplek, action)).status_code == 405
        assert client.head(edit_url(werkplek, action)).status_code == 405
    assert database() == before


def test_a_place_waits_for_the_check_alike_for_the_employer_and_for_admissions(werkplek):
    """New or changed, and not closed (filled or withdrawn): on the employer's overview, in
    the admin's column and on admissions' worklist alike, whatever the place's status."""
    for status in Werkplek.Status.values:
        for new, changed in ((True, False), (False, True), (False, False)):
            WerkplekChange.objects.filter(werkplek=werkplek).delete()
            screened = None if new else timezone.now()
            Werkplek.objects.filter(pk=werkplek.pk).update(status=status, screened_at=screened)
            if changed:
                WerkplekChange.objects.create(werkplek=werkplek, proposed={})
            expected = (new or changed) and status not in Werkplek.CLOSED
            case = (status, new, changed)
            assert Werkplek.objects.get(pk=werkplek.pk).waits_for_check == expected, case
            in_worklist = Werkplek.objects.waiting_for_check().filter(pk=werkplek.pk).exists()
            assert in_worklist == expected, case
            row = places_of(werkplek.employer_id).get(pk=werkplek.pk)
            assert waits_for_check(row) == expected, case
