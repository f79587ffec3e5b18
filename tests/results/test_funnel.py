"""The cookieless funnel: what is counted, how it is folded, and where it shows."""

import csv
import datetime
import io

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from leads.models import ChannelRule, Submission
from mkbroute.lib import counters
from personas.models import Channel, MatrixCell
from results import funnel, funnel_report
from results.models import FoldedHour, FunnelDay
from tests.conftest import DATABASE_CACHE
from tests.helpers import RoundTrips
from tests.leads.helpers import VALID, form_fields, run_worker

pytestmark = pytest.mark.django_db
CAMPAIGN = "/voor/zij-instromer/?utm_source=uwv&utm_medium=email&utm_campaign=najaar"
CSV_URL = "/admin/resultaten/funnel.csv"
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"


def browser():
    """A visitor's browser: it names itself, as browsers do (a request without a user agent
    is a script, and not counted)."""
    return Client(HTTP_USER_AGENT=FIREFOX)


@pytest.fixture
def uwv(settings, personas):
    settings.PAGE_CACHE_SECONDS = 600  # counting must see pages served from the page cache
    channel = Channel.objects.create(name="UWV", kind="public", owner="partner")
    ChannelRule.objects.create(utm_source="uwv", channel=channel)
    return channel


def today_figures():
    today = timezone.localdate()
    return funnel_report.figures(today, today)


def csv_lines(client, query=""):
    response = client.get(CSV_URL + query)
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))


def lead_through(client, url, email):
    """A visitor who lands through url and leaves their details with the form on that page."""
    page = client.get(url).content.decode()
    data = {**form_fields(page), **VALID, "email": email}
    path = url.partition("?")[0]
    return client.post("/interesse/", data, HTTP_REFERER=f"http://testserver{path}")


def test_leads_without_a_counted_visit_are_shown_apart_never_as_over_100_percent(uwv, admissions):
    from tests.factories import make_lead

    browser().get(CAMPAIGN)  # one counted visit
    for n in range(3):  # three leads from the page, from before counting began
        make_lead(f"vroeg{n}@example.nl", page_path="/voor/zij-instromer/")
    results = admissions.get("/admin/resultaten/")
    page = next(p for p in results.context["persona_pages"] if p["persona"].slug == "zij-instromer")
    assert (page["visits"], page["leads"], page["conversion"], page["apart"]) == (1, 3, "100,0%", 2)
    assert "2 leads zonder geteld bezoek" in results.content.decode()
    for row in results.context["persona_pages"]:
        assert row["conversion"] == "–" or float(row["conversion"][:-1].replace(",", ".")) <= 100


def test_forty_visits_and_four_leads_of_one_campaign_show_in_the_csv_and_the_results(
    uwv, communications, admissions
):
    for n in range(40):
        visitor = browser()
        if n < 4:
            assert lead_through(visitor, CAMPAIGN, f"lead{n}@example.nl").status_code == 302
        else:
            visitor.get(CAMPAIGN)
    assert Submission.objects.filter(channel=uwv).count() == 4

    header, *rows = csv_lines(communications)
    assert header == [
        "datum",
        "pagina",
        "toon",
        "kanaal",
        "bezoeken",
        "formulierweergaven",
        "leads",
    ]
    today = timezone.localdate().isoformat()
    assert rows == [[today, "/voor/zij-instromer/", "werkende-die-leert", "UWV", "40", "40", "4"]]
    assert csv_lines(admissions) == [header, *rows], "both roles"

    results = admissions.get("/admin/resultaten/")
    matrix = results.context["matrix"]
    column = [c.name for c in matrix["channels"]].index("UWV")
    assert matrix["channel_visits"][column] == {"visits": 40, "conversion": "10,0%", "apart": 0}
    page = next(p for p in results.context["persona_pages"] if p["persona"].slug == "zij-instromer")
    assert (page["visits"], page["leads"], page["conversion"]) == (40, 4, "10,0%")
    assert "lead0@example.nl" not in results.content.decode()


def test_pages_inside_a_visit_bots_dnt_staff_and_admin_are_not_visits(uwv, communications):
    visitor = browser()
    visitor.get(CAMPAIGN)
    visitor.get("/opleidingen/", HTTP_REFERER="http://testserver/voor/zij-instromer/")
    browser().get("/", HTTP_USER_AGENT="Mozilla/5.0 (compatible; Googlebot/2.1)")
    Client().get("/")
    browser().get("/", HTTP_DNT="1")
    browser().get("/bestaat-niet/")
    browser().get("/healthz")
    communications.get("/")
    visits = {key: counts[0] for key, counts in today_figures().items() if counts[0]}
    assert list(visits.values()) == [1]
    (_day, page, _tone, channel) = next(iter(visits))
    assert (page, channel) == ("/voor/zij-instromer/", uwv.pk)


def test_the_referring_site_gives_the_channel_when_a_rule_names_it(uwv):
    ChannelRule.objects.create(utm_source="werk.nl", channel=uwv)
    browser().get("/opleidingen/", HTTP_REFERER="https://www.werk.nl/vacatures")
    browser().get("/opleidingen/", HTTP_REFERER="https://elders.example/")
    channels = sorted(str(key[3]) for key, counts in today_figures().items() if counts[0])
    assert channels == sorted([str(uwv.pk), "None"])


def test_counting_stores_nothing_about_the_visitor(uwv):
    response = browser().get("/opleidingen/")
    assert not response.cookies, "no cookie: the funnel counts without one"
    assert not Submission.objects.exists() and not FunnelDay.objects.exists()


def test_the_worker_folds_closed_hours_once_and_the_figures_stay_the_same(uwv, communications):
    start = timezone.now().replace(minute=10)
    with time_machine.travel(start, tick=False):
        for _ in range(3):
            browser().get(CAMPAIGN)
        before = csv_lines(communications)
    with time_machine.travel(start + datetime.timedelta(hours=2), tick=False):
        assert funnel.fold() > 0
        assert funnel.fold() == 0, "an hour is folded once"
        assert sum(FunnelDay.objects.values_list("visits", flat=True)) == 3
        after = csv_lines(communications, "?van={0}&tot={0}".format(timezone.localdate(start)))
    assert after == before


def test_the_fold_task_runs_in_the_worker_and_queues_its_next_run(uwv):
    from django_tasks_db.models import DBTaskResult

    from results.tasks import fold_funnel

    start = timezone.now().replace(minute=10)
    with time_machine.travel(start, tick=False):
        browser().get(CAMPAIGN)
    with time_machine.travel(start + datetime.timedelta(hours=2)):
        fold_funnel.enqueue()
        run_worker()
    assert FunnelDay.objects.get().visits == 1
    assert FoldedHour.objects.exists()
    assert DBTaskResult.objects.filter(status="READY").count() == 1, "the next run is queued"


def test_a_planned_cell_whose_page_had_no_visits_is_flagged(uwv, admissions, personas):
    group = personas["student"].target_groups.get(key="havo")
    MatrixCell.objects.create(target_group=group, channel=uwv, message="Via het UWV")
    browser().get(CAMPAIGN)
    response = admissions.get("/admin/resultaten/")
    row = next(r for r in response.context["matrix"]["rows"] if r["group"] == group)
    column = [c.pk for c in response.context["matrix"]["channels"]].index(uwv.pk)
    assert row["cells"][column]["no_visits"]
    assert "gepland, geen bezoeken" in response.content.decode()


def test_the_funnel_csv_needs_the_results_permission(groupless, client):
    assert groupless.get(CSV_URL).status_code == 403
    assert client.get(CSV_URL).status_code == 302


def test_without_redis_the_database_keeps_the_counts_until_they_are_folded(
    uwv, settings, own_buffer
):
    own_buffer()  # flushed by reads only: no thread of its own writes to the test's database
    settings.CACHES = {"default": DATABASE_CACHE}
    settings.TALLY = {"BACKEND": "mkbroute.lib.tally.DatabaseTally"}
    start = timezone.now().replace(minute=10)
    with time_machine.travel(start, tick=False):
        for _ in range(3):
            browser().get(CAMPAIGN)
        assert list(today_figures().values()) == [[3, 3, 0]]
    with time_machine.travel(start + datetime.timedelta(hours=2), tick=False):
        assert funnel.fold() > 0
    day = FunnelDay.objects.get()
    assert (day.visits, day.form_views, day.channel) == (3, 3, uwv)


def test_it_keeps_the_counts_not_yet_folded_when_the_cache_is_cleared(
    uwv, counter_store, own_buffer
):
    own_buffer()  # flushed by reads only: no thread of its own writes to the test's database
    start = timezone.now().replace(minute=10)
    with time_machine.travel(start, tick=False):
        for _ in range(3):
            browser().get(CAMPAIGN)
        counters.flush()
        cache.clear()
        assert list(today_figures().values()) == [[3, 3, 0]]
    with time_machine.travel(start + datetime.timedelta(hours=2), tick=False):
        assert funnel.fold() > 0
    day = FunnelDay.objects.get()
    assert (day.visits, day.form_views, day.channel) == (3, 3, uwv)


def test_with_redis_requests_count_in_one_round_trip_per_flush_and_fold_the_same(
    uwv, own_buffer, redis_tally, monkeypatch
):
    own_buffer()  # flushed by reads only
    trips = RoundTrips(monkeypatch)
    start = timezone.now().replace(minute=10)
    with time_machine.travel(start, tick=False):
        for _ in range(20):
            browser().get(CAMPAIGN)
        assert trips.count == 0, "a request only adds to this process's buffer"
        assert list(today_figures().values()) == [[20, 20, 0]]
        assert trips.count == 3, "one flush, then one read of all hours per kind"
    with time_machine.travel(start + datetime.timedelta(hours=2), tick=False):
        funnel.fold()
    day = FunnelDay.objects.get()
    assert (day.visits, day.form_views, day.channel) == (20, 20, uwv)
