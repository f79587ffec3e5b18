"""A submit does only the work it needs: few queries, no session, a thank-you page from cache.

Many people submit at once when a campaign goes out; every query and every session row a
submit spares is capacity for the next visitor (make bench measures submits per second).
"""

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from leads.forms import LeadForm
from leads.models import Submission
from programmes.models import Programme
from tests.factories import make_event, make_intake, make_programme
from tests.leads.helpers import VALID, form_fields, submit

pytestmark = pytest.mark.django_db


def post_queries(client, page="/interesse/", **fields):
    """The SQL of the POST of a submit, after the visitor opened the form page."""
    data = {**form_fields(client.get(page).content.decode()), **VALID, **fields}
    with CaptureQueriesContext(connection) as queries:
        assert client.post("/interesse/", data).status_code == 302
    return [query["sql"] for query in queries.captured_queries]


def test_a_submit_stores_itself_in_at_most_ten_queries(personas):
    make_intake(make_programme(), start_in_days=100)  # the form asks when to start
    submit(Client(), email="eerder@example.nl")  # the first submit fills the caches
    queries = post_queries(Client())
    assert Submission.objects.count() == 2
    # Whether the form was sent before, then in one transaction: the person (looked up,
    # then made), the submission, its consents and its confirmation mail.
    assert len(queries) <= 10, "\n".join(queries)
    sql = "\n".join(queries)
    assert "programmes_intake" not in sql, "the months to start come from the cache"
    assert "django_session" not in sql, "a general submit writes no session"
    assert "leads_submission_programmes" not in sql, "no programmes chosen, none looked up"


def test_a_submit_with_programmes_stores_them_without_asking_which_it_has(personas):
    programmes = [Programme.objects.get(), make_programme(name="ICT")]
    submit(Client(), email="eerder@example.nl")
    queries = post_queries(Client(), programmes=[p.slug for p in programmes])
    assert set(Submission.objects.latest("created_at").programmes.all()) == set(programmes)
    on_the_link_table = [q for q in queries if "leads_submission_programmes" in q]
    assert len(on_the_link_table) == 1 and on_the_link_table[0].startswith("INSERT")


def test_a_general_submit_gives_the_visitor_no_session(personas):
    visitor = Client()
    response = submit(visitor)
    assert response.status_code == 302
    assert "sessionid" not in response.cookies
    assert not Session.objects.exists()
    assert (
        "Binnen twee werkdagen" in visitor.get("/interesse/bedankt/?verzonden=1").content.decode()
    )


def test_the_general_thank_you_page_comes_from_the_page_cache(
    settings, personas, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 600
    first, second = Client(), Client()
    submit(first)
    assert (
        "we hebben jouw gegevens" in first.get("/interesse/bedankt/?verzonden=1").content.decode()
    )
    submit(second, email="tweede@example.nl")
    with django_assert_num_queries(0):
        thanks = second.get("/interesse/bedankt/?verzonden=1")
    assert "we hebben jouw gegevens" in thanks.content.decode()


def test_only_the_sign_up_itself_thanks_with_the_event(settings, personas):
    settings.PAGE_CACHE_SECONDS = 600
    visitor = Client()
    event = make_event(title="Meeloopdag Zorg")
    assert submit(visitor, event.get_absolute_url()).status_code == 302
    assert (
        "aangemeld voor Meeloopdag Zorg"
        in visitor.get("/interesse/bedankt/?verzonden=1").content.decode()
    )
    other = Client()
    submit(other, email="ander@example.nl")
    other_thanks = other.get("/interesse/bedankt/?verzonden=1").content.decode()
    assert "Meeloopdag" not in other_thanks, "a personal page never goes into the page cache"
    # The same visitor sends the general form next: that thank-you page names no event.
    assert submit(visitor, email="later@example.nl").status_code == 302
    assert "Meeloopdag" not in visitor.get("/interesse/bedankt/?verzonden=1").content.decode()


def test_forms_in_different_tones_keep_their_own_words(personas, tones):
    formal = tones["werkende"]
    formal.address = "u"
    formal.save()
    informal = tones["student"]
    for _round in range(2):  # the second round comes from the texts worked out before
        assert LeadForm(tone=formal).fields["target_group"].label == "Wat past het best bij u?"
        assert LeadForm(tone=informal).fields["target_group"].label == "Wat past het best bij jou?"
    form = LeadForm(tone=informal)
    form.fields["email"].error_messages["required"] = "Veranderd"
    assert LeadForm(tone=informal).fields["email"].error_messages["required"] != "Veranderd"
    assert LeadForm({}, tone=formal).errors["first_name"] == ["Vul uw voornaam in."]
