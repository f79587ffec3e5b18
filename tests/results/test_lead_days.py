"""The results page's figures from the leads' daily rows: equal to what every submission says,
folded once, kept up to date by each fold, with a number of queries that does not grow."""

import datetime
import io
import random
from collections import Counter

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from leads import demo
from leads.models import Lead, Submission
from mkbroute.privacy import erase_person
from personas.models import Tone
from results import funnel_report, lead_days, matrix
from results.models import FunnelDay, LeadDay, LeadFold, LeadStatusDay
from tests.factories import make_channel
from tests.results import reference

pytestmark = pytest.mark.django_db
URL = "/admin/resultaten/"
MADE, NOW = "2026-11-27 11:00", "2026-11-27 12:30"  # a Friday, in winter time; the data
# reach over a summer back
LANDINGS = ["/voor/student/", "/voor/student/?utm_source=uwv", "/voor/zij-instromer/", "", "/"]
PAGES = ["/interesse/", "/voor/student/", "/voor/doorstromer/", "/opleidingen/ondernemen/"]


def local(day, hour, minute=0, second=0):
    naive = datetime.datetime.combine(day, datetime.time(hour, minute, second))
    return timezone.make_aware(naive)


class Dataset:
    """People who write once or several times, in one target group or channel or several,
    on the same day or months apart, near midnight, without group, channel, persona or tone."""

    def __init__(self, personas, seed=25):
        self.rng = random.Random(seed)
        self.groups = [g for p in personas.values() for g in p.target_groups.all()] + [None]
        self.channels = [make_channel(name=n) for n in ("UWV", "Instagram", "TikTok")] + [None]
        self.personas = [*personas.values(), None]
        self.tones = [*Tone.objects.all(), None]
        self.today = timezone.localdate()
        self.n = 0

    def lead(self, status=None):
        self.n += 1
        return Lead.objects.create(
            first_name="Zoë",
            last_name="de Vries",
            email=f"p{self.n}@example.org",
            email_key=f"p{self.n}@example.org",
            status=status or self.rng.choice(Lead.Status.values),
        )

    def moment(self):
        day = self.today - datetime.timedelta(days=int(self.rng.triangular(0, 420, 20)))
        hour, minute = self.rng.choice([(0, 0), (0, 1), (23, 59), (12, 0), (8, 30), (17, 45)])
        return local(day, hour, minute, self.rng.randrange(1, 60))

    def submit(self, lead, when, **chosen):
        rng = self.rng
        group = chosen.get("group", rng.choice(self.groups))
        persona = group.persona if group and rng.random() < 0.8 else rng.choice(self.personas)
        self.n += 1
        return Submission.objects.create(
            lead=lead,
            created_at=when,
            form_token=f"form-{self.n}",
            email=lead.email,
            intent="information",
            target_group=group,
            persona=chosen.get("persona", persona),
            tone=chosen.get("tone", rng.choice(self.tones)),
            channel=chosen.get("channel", rng.choice(self.channels)),
            landing_path=chosen.get("landing", rng.choice(LANDINGS)),
            page_path=chosen.get("page", rng.choice(PAGES)),
        )

    def people(self, count):
        for _ in range(count):
            lead = self.lead()
            first = self.moment()
            Lead.objects.filter(pk=lead.pk).update(created_at=first)
            submission = self.submit(lead, first)
            for _again in range(self.rng.choice([0, 0, 0, 1, 1, 2, 3])):
                later = first + datetime.timedelta(
                    days=self.rng.choice([0, 0, 1, 6, 7, 40, 200]),
                    minutes=self.rng.randrange(0, 600),
                )
                if later.date() > self.today:
                    continue
                # Half of them the same form again: on the same page, in the same cell.
                same = self.rng.random() < 0.5
                self.submit(lead, later, **(self.same_as(submission) if same else {}))

    def same_as(self, submission):
        fields = ("target_group", "persona", "tone", "channel", "landing_path", "page_path")
        group, persona, tone, channel, landing, page = (getattr(submission, f) for f in fields)
        return {
            "group": group,
            "persona": persona,
            "tone": tone,
            "channel": channel,
            "landing": landing,
            "page": page,
        }

    def visits(self):
        """Counted visits on some days: fewer than the leads on one page, none on another."""
        for days_ago in range(0, 300, 30):
            day = self.today - datetime.timedelta(days=days_ago)
            for channel in self.channels[:2]:
                FunnelDay.objects.create(
                    day=day,
                    path="/voor/student/",
                    tone="student",
                    channel=channel,
                    visits=self.rng.randrange(0, 3),
                    form_views=1,
                )

    def periods(self):
        today = self.today
        yield matrix.recruitment_year_start(today), today  # the default
        yield today - datetime.timedelta(days=364), today  # a year
        yield today, today
        yield today - datetime.timedelta(days=6), today
        yield datetime.date(2000, 1, 1), datetime.date(2099, 12, 31)
        for _ in range(12):
            start = today - datetime.timedelta(days=self.rng.randrange(0, 450))
            yield start, start + datetime.timedelta(days=self.rng.randrange(0, 120))


@pytest.fixture
def dataset(personas):
    with time_machine.travel(MADE, tick=False):
        # Two personas of one name are one line in the weekly chart, as they were.
        personas["doorstromer"].name = personas["student"].name
        personas["doorstromer"].save()
        data = Dataset(personas)
        data.people(150)
        data.visits()
        yield data


def leads_column(table):
    return {key: counts[funnel_report.LEADS] for key, counts in table.items() if counts[2]}


def assert_as_every_submission_says(periods):
    for start, end in periods:
        figures = funnel_report.figures(start, end)
        assert leads_column(figures) == reference.leads_per_row(start, end), (start, end)
        assert matrix.leads_per_cell(start, end) == reference.leads_per_cell(start, end)
        weeks = matrix.weeks_in(start, end)
        assert matrix.weekly_by_persona(weeks, end) == reference.weekly_by_persona(start, end)
        statuses = matrix.funnel(matrix.leads_per_status(start, end))
        assert statuses == reference.per_status(start, end), (start, end)


def test_the_rows_give_the_figures_every_submission_gave(dataset):
    with time_machine.travel(NOW, tick=False):
        lead_days.fold()
        periods = list(dataset.periods())
        assert_as_every_submission_says(periods)
    repeated = Submission.objects.values("lead").distinct().count() < Submission.objects.count()
    assert repeated and LeadDay.objects.exclude(before=None).exists(), "people who wrote again"


def percent(shown):
    return float(shown.removesuffix("%").replace(",", "."))


def test_the_page_shows_them_and_never_a_conversion_over_100_percent(dataset, admissions):
    with time_machine.travel(NOW, tick=False):
        lead_days.fold()
        for start, end in list(dataset.periods())[:5]:
            query = f"?van={start:%Y-%m-%d}&tot={end:%Y-%m-%d}"
            response = admissions.get(URL + query)
            per_page = reference.leads_per_row(start, end)
            for row in response.context["persona_pages"]:
                url = row["persona"].get_absolute_url()
                leads = sum(n for key, n in per_page.items() if key[1] == url)
                assert row["leads"] == leads
                assert row["apart"] == max(leads - row["visits"], 0)
                if row["visits"]:
                    assert percent(row["conversion"]) <= 100
            cells, _rows, _columns, total = reference.leads_per_cell(start, end)
            assert response.context["matrix"]["total"] == total
            for cell in response.context["matrix"]["channel_visits"]:
                assert cell["conversion"] == "–" or percent(cell["conversion"]) <= 100
        pages = admissions.get(URL).context["persona_pages"]
    student = next(row for row in pages if row["persona"].slug == "student")
    assert 0 < student["visits"] < student["leads"]
    assert student["conversion"] == "100,0%" and student["apart"] > 0, "leads without a visit"


def rows():
    fields = [f.attname for f in LeadDay._meta.fields if f.name != "id"]
    statuses = LeadStatusDay.objects.values_list("day", "status", "leads")
    return Counter(LeadDay.objects.values_list(*fields)), Counter(statuses)


def rebuilt():
    """The rows as a first fold makes them, from every submission."""
    LeadFold.objects.all().delete()
    lead_days.fold()
    return rows()


def test_a_fold_is_idempotent_and_counts_only_what_changed(dataset):
    with time_machine.travel(NOW, tick=False) as clock:
        assert lead_days.fold() is None, "the first fold counts every day"
        first = rows()
        clock.shift(datetime.timedelta(minutes=1))
        assert lead_days.fold() == set(), "nothing changed: no day counted anew"
        assert rows() == first
        assert rebuilt() == first


def test_each_fold_brings_the_rows_up_to_what_changed(dataset, admissions):
    with time_machine.travel(NOW, tick=False) as clock:
        lead_days.fold()
        clock.shift(datetime.timedelta(hours=1))
        someone = Submission.objects.order_by("created_at").last().lead
        # They wrote before they wrote last: their later submission no longer counts first.
        earlier = someone.submissions.order_by("created_at").first().created_at
        dataset.submit(someone, earlier - datetime.timedelta(days=2))
        dataset.submit(dataset.lead(), timezone.now())
        chosen = Lead.objects.order_by("pk")[:5]
        admissions.post(
            "/admin/leads/lead/",
            {"action": "set_status_ingeschreven", "_selected_action": [p.pk for p in chosen]},
        )
        changed = Lead.objects.order_by("pk")[6]
        changed.status = Lead.Status.NOT_INTERESTED
        changed.save()
        days = lead_days.fold()
        assert days and len(days) < 20, "only the days of the people who changed"
        folded = rows()
        assert folded == rebuilt()
        assert_as_every_submission_says(dataset.periods())


def test_after_someone_is_erased_every_day_is_counted_anew(dataset):
    with time_machine.travel(NOW, tick=False) as clock:
        lead_days.fold()
        clock.shift(datetime.timedelta(hours=1))
        erase_person(Lead.objects.order_by("pk").first().email)
        assert lead_days.fold() is None
        assert rows() == rebuilt()
        assert_as_every_submission_says(dataset.periods())


def test_the_page_keeps_its_figures_until_the_next_fold(personas, admissions):
    group = personas["student"].target_groups.first()
    with time_machine.travel(NOW, tick=False) as clock:
        data = Dataset(personas)
        data.submit(data.lead(), timezone.now(), group=group)
        assert admissions.get(URL).context["matrix"]["total"] == 1, "folded at the first look"
        data.submit(data.lead(), timezone.now(), group=group)
        assert admissions.get(URL).context["matrix"]["total"] == 1, "from the cache"
        clock.shift(datetime.timedelta(hours=2))
        assert admissions.get(URL).context["matrix"]["total"] == 2, "no worker: the page folds"
        data.submit(data.lead(), timezone.now(), group=group)
        lead_days.fold()  # the worker's
        assert admissions.get(URL).context["matrix"]["total"] == 3


def queries(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as warm:
        assert client.get(url).status_code == 200
    return len(cold), len(warm)


def test_the_page_needs_as_many_queries_for_1000_leads_as_for_10(personas, admissions):
    year = URL + "?van=2025-11-28&tot=2026-11-27"
    counted = []
    with time_machine.travel(NOW, tick=False):
        make_channel(name="UWV")
        for leads in (10, 1000):
            demo.load(io.StringIO(), leads)
            lead_days.fold()
            counted.append((queries(admissions, URL), queries(admissions, year)))
    assert Lead.objects.count() == 1000
    assert counted[0] == counted[1]
    (cold, warm), _year = counted[0]
    assert warm < cold, "the figures come from the cache"


def test_the_worker_folds_the_leads_with_the_funnel(personas):
    from results.tasks import fold_funnel
    from tests.leads.helpers import run_worker

    data = Dataset(personas)
    data.submit(data.lead(), timezone.now())
    fold_funnel.enqueue()
    run_worker()
    assert LeadDay.objects.get().submissions == 1
    assert LeadStatusDay.objects.get().leads == 1


def test_when_the_leads_cannot_be_folded_now_the_page_shows_the_last_fold(
    personas, admissions, monkeypatch
):
    from django.db import OperationalError

    data = Dataset(personas)
    data.submit(data.lead(), timezone.now())
    lead_days.fold()
    data.submit(data.lead(), timezone.now())

    def locked():
        raise OperationalError("database is locked")

    monkeypatch.setattr(lead_days, "fold", locked)
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=2)):
        response = admissions.get(URL)
    assert response.status_code == 200
    assert response.context["matrix"]["total"] == 1, "the rows of the fold before"
