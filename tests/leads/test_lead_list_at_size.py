"""The lead list and a lead's page as the number of leads grows: the same queries for 10 and
for 1,000 leads, and on PostgreSQL a first page read from an index (bench/admin.py measures
them at 100,000)."""

import io
from urllib.parse import quote_plus

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from leads import demo
from leads.models import Lead, Submission
from personas.models import Channel
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db
LIST = "/admin/leads/lead/"


def grow_to(count):
    """Demo leads up to count, made in bulk as `load_demo --leads` makes them."""
    demo.load(io.StringIO(), count)


def one(field):
    """A value of field that one of the leads' submissions has."""
    values = Submission.objects.exclude(**{field: None}).values_list(field, flat=True)
    return next(value for value in values if value != "")


@pytest.fixture
def pages(personas):
    """The lead list as admissions uses it: plain, sorted by each column that sorts, with each
    filter (each on a value some of the first ten leads have) and searched by name, address
    and phone."""
    Channel.objects.get_or_create(name="UWV", kind="public", owner="partner")
    grow_to(10)
    lead = Lead.objects.latest("created_at")
    sorted_by = [f"?o={order}" for order in ("1.-6", "-1.-6", "5.-6", "-5.-6", "6", "1", "5")]
    filtered_by = [
        f"?status__exact={lead.status}",
        f"?submissions__persona__id__exact={one('persona')}",
        f"?submissions__target_group__id__exact={one('target_group')}",
        f"?opleiding={one('programmes')}",
        f"?submissions__channel__id__exact={one('channel')}",
        f"?submissions__utm_campaign={one('utm_campaign')}",
        f"?created_at__year={lead.created_at.year}",
    ]
    searched = [f"?q={quote_plus(q)}" for q in (lead.last_name, lead.email, "example.org")]
    return ["", *sorted_by, *filtered_by, *searched, f"?q={quote_plus(lead.phone)}"]


def test_the_lead_list_asks_the_same_queries_for_1000_leads_as_for_10(admissions, pages):
    few = {page: count_queries(admissions, LIST + page) for page in pages}
    grow_to(1000)
    assert {page: count_queries(admissions, LIST + page) for page in pages} == few


def test_a_leads_page_asks_the_same_queries_among_1000_leads_as_among_10(admissions, pages):
    lead = Lead.objects.order_by("created_at").first()
    url = f"/admin/leads/lead/{lead.pk}/change/"
    few = count_queries(admissions, url)
    grow_to(1000)
    assert count_queries(admissions, url) == few


def first_page_plan(client, query):
    """EXPLAIN of the query that reads the list's rows, as the admin sends it."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(LIST + query).status_code == 200
    rows = [q["sql"] for q in captured if q["sql"].startswith('SELECT "leads_lead"."id"')]
    assert len(rows) == 1, "one query reads the page's leads"
    with transaction.atomic(), connection.cursor() as cursor:
        # A test table is small enough to read whole and sort; whether an index gives the
        # list's order is what counts at 100,000 leads, where the planner prefers it. Told to
        # avoid both, the planner still sorts (or reads the table) if no index can give it.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + rows[0])
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="EXPLAIN's plan is PostgreSQL's (CI runs the tests on PostgreSQL as well)",
)
@pytest.mark.parametrize(
    ("query", "index"),
    [
        ("", "lead_by_date"),
        ("?status__exact=nieuw", "lead_by_status"),
        ("?o=5.-6", "lead_by_status"),
        ("?o=1.-6", "lead_by_name"),
    ],
)
def test_the_first_page_is_read_from_an_index_in_the_lists_order(
    admissions, personas, query, index
):
    grow_to(200)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE leads_lead")
    plan = first_page_plan(admissions, query)
    assert f"Index Scan Backward using {index}" in plan or f"Index Scan using {index}" in plan
    assert "Sort" not in plan, "the index gives the order: nothing is sorted"
