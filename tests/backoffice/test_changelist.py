import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from personas.models import Channel
from tests.factories import make_lead

pytestmark = pytest.mark.django_db


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def add_leads(personas, count, start=0):
    channel = Channel.objects.get_or_create(name="UWV", kind="public", owner="partner")[0]
    zij = personas["zij-instromer"]
    for n in range(start, start + count):
        make_lead(f"p{n}@example.nl", persona=zij, group=zij.target_groups.first(),
                  channel=channel, programmes=list(zij.programmes.all()))  # fmt: skip


@pytest.mark.parametrize("query", ["", "?q=p1", "?status__exact=nieuw&o=-8"])
def test_the_lead_list_uses_a_fixed_number_of_queries(admissions, personas, query):
    add_leads(personas, 3)
    queries(admissions, "/admin/leads/lead/" + query)  # the tone is cached from here on
    few = queries(admissions, "/admin/leads/lead/" + query)
    add_leads(personas, 40, start=3)
    assert queries(admissions, "/admin/leads/lead/" + query) == few


def test_the_lead_list_shows_what_admissions_needs(admissions, personas):
    add_leads(personas, 1)
    html = admissions.get("/admin/leads/lead/").content.decode()
    zij = personas["zij-instromer"]
    for text in ("p0@example.nl", zij.name, zij.target_groups.first().name, "UWV", "Ondernemen",
                 "Nieuw"):  # fmt: skip
        assert text in html


@pytest.mark.parametrize("query", ["?q=%00", "?status__exact=%00", "?submissions__utm_campaign=%00",
                                   "?opleiding=%00", "?created_at__gte=gisteren"])  # fmt: skip
def test_garbage_in_the_lead_list_never_gives_a_500(admissions, query):
    from django.test import Client

    client = Client(raise_request_exception=False)
    client.cookies = admissions.cookies
    assert client.get("/admin/leads/lead/" + query).status_code < 500
