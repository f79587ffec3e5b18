import datetime
import re

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import make_event, make_lead

pytestmark = pytest.mark.django_db


def test_admin_date_inputs_show_iso_dates(communications):
    event = make_event()
    page = communications.get(f"/admin/programmes/event/{event.pk}/change/").content.decode()
    assert f'value="{timezone.localtime(event.starts_at):%Y-%m-%d}"' in page


def test_dates_are_read_as_iso_and_still_the_dutch_way():
    field = forms.DateField()
    assert field.clean("2026-11-29") == datetime.date(2026, 11, 29)
    assert field.clean("29-11-2026") == datetime.date(2026, 11, 29)


def choices(page):
    """The date drill-down's choices above a list, as (text, link)."""
    hierarchy = page.split('<nav class="toplinks"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<a href="\?([^"]*)">([^<]+)</a>', hierarchy)


def test_the_lead_lists_years_and_months_come_without_reading_every_lead(admissions):
    for created in ("2025-03-10", "2026-01-20", "2026-02-05"):
        when = timezone.make_aware(datetime.datetime.fromisoformat(created + "T12:00"))
        make_lead(f"{created}@example.nl", created=when)
    with CaptureQueriesContext(connection) as queries:
        page = admissions.get("/admin/leads/lead/").content.decode()
    assert [text for _link, text in choices(page)] == ["2025", "2026"]
    assert not [q for q in queries if "trunc" in q["sql"].lower()], "no date truncated per row"
    page = admissions.get("/admin/leads/lead/?created_at__year=2026").content.decode()
    assert [text for _link, text in choices(page)] == ["Januari 2026", "Februari 2026"]
    page = admissions.get("/admin/leads/lead/?created_at__year=2026&created_at__month=2")
    days = [text for _link, text in choices(page.content.decode())]
    assert days == [f"{day} februari" for day in range(1, 6)], "up to the newest lead"
