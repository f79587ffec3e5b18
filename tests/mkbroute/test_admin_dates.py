import datetime

import pytest
from django import forms
from django.utils import timezone

from tests.factories import make_event

pytestmark = pytest.mark.django_db


def test_admin_date_inputs_show_iso_dates(communications):
    event = make_event()
    page = communications.get(f"/admin/programmes/event/{event.pk}/change/").content.decode()
    assert f'value="{timezone.localtime(event.starts_at):%Y-%m-%d}"' in page


def test_dates_are_read_as_iso_and_still_the_dutch_way():
    field = forms.DateField()
    assert field.clean("2026-11-29") == datetime.date(2026, 11, 29)
    assert field.clean("29-11-2026") == datetime.date(2026, 11, 29)
