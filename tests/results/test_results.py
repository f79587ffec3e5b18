import datetime

import pytest
import time_machine
from django.utils import timezone

from mkbroute.lib.charts import bar_chart, line_chart
from personas.models import Channel, MatrixCell
from results import lead_days
from results.matrix import recruitment_year_start, weekly_by_persona
from tests.factories import (
    make_channel,
    make_lead,
    make_persona,
    make_target_group,
    make_tone,
)

pytestmark = pytest.mark.django_db
URL = "/admin/resultaten/"


@pytest.fixture
def channels():
    return {
        "uwv": Channel.objects.create(name="UWV", kind="public", owner="partner"),
        "instagram": Channel.objects.create(name="Instagram", kind="social", owner="own"),
        "tiktok": Channel.objects.create(name="TikTok", kind="social", owner="own"),
    }


def at(days_ago):
    return timezone.now() - datetime.timedelta(days=days_ago)


def test_the_matrix_counts_leads_per_target_group_and_channel(admissions, personas, channels):
    zij = personas["zij-instromer"]
    switcher = zij.target_groups.get(key="career_switcher")
    havo = personas["student"].target_groups.get(key="havo")
    MatrixCell.objects.create(
        target_group=switcher, channel=channels["uwv"], message="Omscholen", timing="Elk kwartaal"
    )
    MatrixCell.objects.create(target_group=havo, channel=channels["tiktok"], message="Een week")
    make_lead("a@example.nl", persona=zij, group=switcher, channel=channels["uwv"], created=at(3))
    make_lead("b@example.nl", persona=zij, group=switcher, channel=channels["uwv"], created=at(4))
    make_lead("a@example.nl", persona=zij, group=switcher, channel=channels["uwv"])  # same person
    make_lead("c@example.nl", group=havo, channel=channels["instagram"], created=at(2))
    make_lead("old@example.nl", group=havo, channel=channels["instagram"], created=at(900))

    response = admissions.get(URL)
    assert response.status_code == 200
    matrix = response.context["matrix"]
    names = [c.name for c in matrix["channels"]]
    cell = {
        (row["group"].name, names[i]): c
        for row in matrix["rows"]
        for i, c in enumerate(row["cells"])
    }
    assert cell[(switcher.name, "UWV")]["leads"] == 2
    assert cell[(havo.name, "Instagram")]["leads"] == 1
    assert cell[(havo.name, "Instagram")]["unplanned"]
    assert cell[(havo.name, "TikTok")]["quiet"]
    assert matrix["total"] == 3
    assert matrix["column_totals"][names.index("UWV")] == 2
    html = response.content.decode()
    assert "Omscholen" in html and "Elk kwartaal" in html
    assert "gepland, nog geen leads" in html and "leads zonder plan" in html
    assert "a@example.nl" not in html and "Zoë" not in html, "counts only, no people"


def test_the_period_can_be_chosen_and_bad_dates_fall_back(admissions, personas, channels):
    make_lead("old@example.nl", channel=channels["uwv"], created=at(900))
    wide = admissions.get(URL + "?van=2020-01-01&tot=2030-12-31")
    assert wide.context["matrix"]["total"] == 1
    for query in ("?van=gisteren&tot=morgen", "?van=2030-01-01&tot=2020-01-01", "?van=%00"):
        response = admissions.get(URL + query)
        assert response.status_code == 200
        assert response.context["matrix"]["total"] == 0


def test_the_recruitment_year_starts_on_1_october():
    assert recruitment_year_start(datetime.date(2026, 11, 27)) == datetime.date(2026, 10, 1)
    assert recruitment_year_start(datetime.date(2026, 9, 30)) == datetime.date(2025, 10, 1)
    assert recruitment_year_start(datetime.date(2026, 10, 1)) == datetime.date(2026, 10, 1)


def test_the_weekly_chart_with_no_leads_and_with_many(admissions, personas):
    empty = admissions.get(URL).content.decode()
    assert "<svg" in empty and "<polyline" not in empty
    with time_machine.travel("2026-11-27 12:00", tick=False):
        for n in range(60):
            make_lead(
                f"p{n}@example.nl",
                persona=personas["student" if n % 3 else "zij-instromer"],
                created=at(n * 2),
            )
        lead_days.fold()  # as the worker does every hour: the page folded before, this hour
        starts, series = weekly_by_persona()
        html = admissions.get(URL).content.decode()
    assert len(starts) == 26
    assert sum(series[personas["student"].name]) == 40
    assert sum(series[personas["zij-instromer"].name]) == 20
    assert html.count("<polyline") == 2
    assert "<script" not in html.split('id="content-main"')[1]


def test_charts_are_plain_svg_with_a_title():
    svg = line_chart(["01-01", "08-01"], [("A <b>", [0, 5])], title="Leads")
    assert svg.startswith("<svg") and "<title" in svg and "A &lt;b&gt;" in svg
    assert "script" not in svg and "style=" not in svg
    bars = bar_chart([("Nieuw", 0), ("Ingeschreven", 3)], title="Trechter")
    assert bars.count("<rect") == 2


def test_the_funnel_counts_leads_per_status(admissions):
    make_lead("a@example.nl", status="nieuw")
    make_lead("b@example.nl", status="ingeschreven")
    make_lead("c@example.nl", status="ingeschreven")
    html = admissions.get(URL).content.decode()
    funnel = html[html.index('aria-labelledby="funnel-title"') :]
    assert ">Ingeschreven</text>" in funnel and ">2</text>" in funnel


def test_communications_staff_see_the_results_and_no_names(communications):
    make_lead("geheim@example.nl", first_name="Geheim")
    response = communications.get(URL)
    assert response.status_code == 200
    assert b"geheim@example.nl" not in response.content and b"Geheim" not in response.content


def test_the_old_results_address_leads_to_the_results_with_the_period_kept(admissions):
    response = admissions.get("/admin/personas/matrixcell/resultaten/?van=2026-01-01")
    assert response.status_code == 302
    assert response["Location"] == URL + "?van=2026-01-01"


def test_archived_channels_and_groups_leave_the_plan_unless_they_brought_leads(
    admissions, personas
):
    zij = personas["zij-instromer"]
    switcher = zij.target_groups.get(key="career_switcher")
    radio, poster = make_channel(name="Radio"), make_channel(name="Poster")
    MatrixCell.objects.create(target_group=switcher, channel=radio, message="Spotjes")
    make_lead("a@example.nl", persona=zij, group=switcher, channel=poster)
    verzilveren = zij.target_groups.get(key="employee_verzilveren")
    for archived in (radio, poster, switcher, verzilveren):
        archived.archived = True
        archived.save()

    matrix = admissions.get(URL).context["matrix"]
    assert [channel.name for channel in matrix["channels"]] == ["Poster"]
    groups = [row["group"] for row in matrix["rows"]]
    assert switcher in groups, "it brought a lead"
    assert verzilveren not in groups


def test_the_matrix_downloads_as_a_typed_workbook_and_as_csv(communications):
    import io

    import openpyxl

    group = make_target_group(make_persona(make_tone()), "havo")
    channel = make_channel(name="Instagram")
    make_lead("a@example.nl", group=group, channel=channel)
    response = communications.get("/admin/resultaten/?format=xlsx")
    assert "resultaten-" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = [[cell.value for cell in row] for row in book.active.iter_rows()]
    assert rows[0][:3] == ["Doelgroep", "Kanaal", "Leads"]
    assert [group.name, channel.name, 1] in [row[:3] for row in rows]
    text = b"".join(communications.get("/admin/resultaten/?format=csv").streaming_content)
    assert text.decode("utf-8").startswith("\ufeffDoelgroep;Kanaal;Leads")


def test_the_weekly_chart_follows_the_chosen_period(communications):
    page = communications.get("/admin/resultaten/?van=2026-01-05&tot=2026-03-01").content.decode()
    assert "van 05-01-2026 tot en met 01-03-2026" in page
    chart = page[page.index("Leads per week per persona, van") :]
    assert ">05-01<" in chart and ">23-02<" in chart and ">02-03<" not in chart


def test_chart_labels_and_legend_never_run_into_each_other():
    import re

    labels = [f"{n:02d}-01" for n in range(104)]
    series = [("Een persona met een heel lange naam", [1] * 104), ("Tweede", [2] * 104)]
    svg = line_chart(labels, series, title="Leads")
    axis = [float(x) for x in re.findall(r'<text x="([\d.]+)" y="\d+" text-anchor="middle"', svg)]
    assert len(axis) > 5
    assert min(b - a for a, b in zip(axis, axis[1:], strict=False)) >= 40
    legend_rows = re.findall(r'<rect x="\d+" y="([\d.]+)" width="12"', svg)
    assert len(set(legend_rows)) == 2, "one line per series"
    axis_y = int(re.search(r'<text x="[\d.]+" y="(\d+)" text-anchor="middle"', svg).group(1))
    assert all(float(row) > axis_y for row in legend_rows)
