"""Registrations at the same moment: each is answered, none with a 500, and a form token makes
one registration however often and however fast it is sent."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from employers.models import Employer, Werkplek
from tests.factories import make_programme
from tests.helpers import Visitor

from .helpers import COMPANY, hidden_fields, place_fields

pytestmark = pytest.mark.django_db(transaction=True)
REGISTER = "/werkgevers/aanmelden/"
KNOWN = "Dit bedrijf is al bij ons aangemeld"
USED = "Dit formulier is al verstuurd"


def registration(visitor, programme, **company):
    """What a company sends: the page's hidden fields with what it typed."""
    page = visitor.get(REGISTER)[1]
    return {
        **hidden_fields(page, REGISTER),
        **COMPANY,
        **place_fields(programme),
        "plek-TOTAL_FORMS": "1",
        "csrfmiddlewaretoken": visitor.csrf,
        **company,
    }


def at_once(sends):
    """Send each (visitor, data) at the same moment; their (status, address, page)."""
    start = threading.Barrier(len(sends), timeout=60)

    def send(visitor_and_data):
        visitor, data = visitor_and_data
        start.wait()
        return visitor.post(REGISTER, data)

    with ThreadPoolExecutor(len(sends)) as pool:
        return list(pool.map(send, sends))


def registered(answer):
    status, url, _page = answer
    return status == 200 and url.endswith("/werkgevers/aanmelden/bedankt/")


def test_it_answers_four_registrations_of_one_kvk_at_once_with_one_employer(live_server):
    programme = make_programme()
    visitors = [Visitor(live_server.url) for _n in range(4)]
    answers = at_once([(visitor, registration(visitor, programme)) for visitor in visitors])

    assert [status for status, _url, _page in answers] == [200] * 4
    assert sum(map(registered, answers)) == 1
    assert sum(KNOWN in page for _status, _url, page in answers) == 3
    assert Employer.objects.count() == 1 and Werkplek.objects.count() == 1


def test_it_gives_companies_with_one_name_and_place_registering_at_once_each_a_slug(live_server):
    programme = make_programme()
    visitors = [Visitor(live_server.url) for _n in range(4)]
    sends = [
        (visitor, registration(visitor, programme, kvk_number=f"1234567{n}"))
        for n, visitor in enumerate(visitors)
    ]
    answers = at_once(sends)

    assert all(map(registered, answers)), [status for status, _url, _page in answers]
    assert len(set(Employer.objects.values_list("slug", flat=True))) == 4
    assert len(set(Werkplek.objects.values_list("slug", flat=True))) == 4


def test_one_form_token_makes_one_registration_however_fast_it_is_sent(live_server):
    programme = make_programme()
    visitor = Visitor(live_server.url)
    data = registration(visitor, programme)
    sends = [(visitor, {**data, "kvk_number": f"8765432{n}"}) for n in range(3)]
    answers = at_once(sends)

    assert [status for status, _url, _page in answers] == [200] * 3
    assert sum(map(registered, answers)) == 1
    assert sum(USED in page for _status, _url, page in answers) == 2
    assert Employer.objects.count() == 1
