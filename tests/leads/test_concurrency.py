"""Forty people at the same moment, some hostile, while the mail server is down."""

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django_tasks_db.models import DBTaskResult

from leads.models import Consent, Lead, Submission
from leads.outbox import Mail
from tests.helpers import Visitor
from tests.leads.helpers import VALID, form_fields

PEOPLE = 40
HOSTILE = "=cmd|' /C calc'!A0 <script>alert(1)</script>"


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_forty_simultaneous_submits_make_forty_leads(live_server, personas, mail_server_down):
    start = threading.Barrier(PEOPLE, timeout=60)

    def person(n):
        visitor = Visitor(live_server.url)
        persona = "zij-instromer" if n % 2 else "student"
        _status, page = visitor.get(f"/voor/{persona}/?utm_source=campagne{n}&utm_campaign=test")
        data = {
            **form_fields(page),
            "first_name": HOSTILE if n % 5 == 0 else f"Persoon{n}",
            "last_name": "’t Hooft-van der Meer",
            "email": f"Persoon{n}@Example.nl",
            "message": HOSTILE if n % 3 == 0 else "Graag meer informatie.",
            "intent": "information",
            "consent_contact": "on",
            "consent_partners": "on" if n % 4 == 0 else "",
            "csrfmiddlewaretoken": visitor.csrf,
        }
        start.wait()
        status, url, thanks = visitor.post("/interesse/", data)
        return n, persona, status, url, thanks

    with ThreadPoolExecutor(PEOPLE) as pool:
        results = list(pool.map(person, range(PEOPLE)))

    for n, persona, status, url, thanks in results:
        assert (status, url) == (200, live_server.url + "/interesse/bedankt/?verzonden=1"), n
        words = "werkenden die leren" if persona == "zij-instromer" else "studenten"
        assert f"andere {words} het doen" in thanks, n
        if persona == "zij-instromer":
            assert not re.search(r"\bstudent", thanks, re.IGNORECASE)
    assert Lead.objects.count() == PEOPLE
    assert Submission.objects.count() == PEOPLE
    assert Consent.objects.count() == PEOPLE * 3
    assert Consent.objects.filter(purpose="partners", given=True).count() == PEOPLE // 4
    assert set(Submission.objects.values_list("utm_campaign", flat=True)) == {"test"}
    assert Submission.objects.filter(first_name=HOSTILE).count() == PEOPLE // 5
    assert Mail.objects.filter(status="pending").count() == PEOPLE
    # The worker is woken for them: a task that sends every mail waiting when it starts, so
    # submits that arrive together share one.
    assert 1 <= DBTaskResult.objects.filter(status="READY").count() <= PEOPLE


@pytest.mark.django_db(transaction=True)
def test_one_form_token_makes_one_person_however_fast_it_is_sent(live_server, personas):
    visitor = Visitor(live_server.url)
    _status, page = visitor.get("/interesse/")
    data = {**form_fields(page), **VALID, "csrfmiddlewaretoken": visitor.csrf}
    sends = [{**data, "email": f"persoon{n}@example.nl"} for n in range(10)]
    start = threading.Barrier(len(sends), timeout=60)

    def send(fields):
        start.wait()
        return visitor.post("/interesse/", fields)

    with ThreadPoolExecutor(len(sends)) as pool:
        answers = list(pool.map(send, sends))

    assert [status for status, _url, _page in answers] == [200] * 10
    thanked = [url for _status, url, _page in answers if "/interesse/bedankt/" in url]
    assert len(thanked) == 1
    assert sum("Dit formulier is al verstuurd" in page for _s, _u, page in answers) == 9
    assert Lead.objects.count() == Submission.objects.count() == 1
