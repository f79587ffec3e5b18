"""The JSON-LD on the rendered pages, read back as a search engine reads it: every event an
Event with its time, place and organiser; every JobPosting an identifier and, when known, its
salary; a programme its tuition as offers in an academic year."""

import datetime
import json
import re

import pytest
import time_machine
from django.utils import timezone

from programmes.models import Event, Location, Programme, Tuition
from tests.employers.helpers import make_werkplek
from tests.factories import make_event, make_intake, make_programme

pytestmark = pytest.mark.django_db
SCHEMA = "https://schema.org/"


def json_ld(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    assert len(blocks) == 1, url
    return json.loads(blocks[0])


def campus():
    return Location.objects.create(
        name="Utrecht", slug="utrecht", street_address="Voorbeeldlaan 10", postal_code="3584 AB"
    )


@time_machine.travel(datetime.datetime(2026, 3, 2, 12, tzinfo=datetime.UTC), tick=False)
def test_an_event_on_campus_has_its_time_with_offset_its_address_and_organiser(client):
    starts = timezone.make_aware(datetime.datetime(2026, 4, 18, 10, 0))  # summer time
    event = make_event(
        title="Open dag Utrecht",
        place="Campus Utrecht, Hal B",
        location=campus(),
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
    )
    data = json_ld(client, event.get_absolute_url())
    assert data["@context"] == "https://schema.org" and data["@type"] == "EducationEvent"
    assert data["name"] == "Open dag Utrecht"
    assert data["startDate"] == "2026-04-18T10:00:00+02:00"
    assert data["endDate"] == "2026-04-18T13:00:00+02:00"
    assert datetime.datetime.fromisoformat(data["startDate"]) == starts
    assert data["eventAttendanceMode"] == SCHEMA + "OfflineEventAttendanceMode"
    assert data["eventStatus"] == SCHEMA + "EventScheduled"
    assert data["location"] == {
        "@type": "Place",
        "name": "Campus Utrecht, Hal B",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "Voorbeeldlaan 10",
            "postalCode": "3584 AB",
            "addressLocality": "Utrecht",
            "addressCountry": "NL",
        },
    }
    assert data["organizer"]["@type"] == "EducationalOrganization" and data["organizer"]["name"]
    assert data["url"] == f"http://testserver{event.get_absolute_url()}"
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Voorbeeldlaan 10, 3584 AB Utrecht" in page  # the visitor reads the address too


@time_machine.travel(datetime.datetime(2026, 1, 5, 12, tzinfo=datetime.UTC), tick=False)
def test_an_online_event_is_at_a_virtual_location_that_keeps_the_link_for_those_signed_up(
    client,
):
    starts = timezone.make_aware(datetime.datetime(2026, 1, 20, 19, 30))  # winter time
    event = make_event(
        kind=Event.Kind.ONLINE,
        place="",
        online_url="https://meet.example/geheim",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
    )
    data = json_ld(client, event.get_absolute_url())
    assert data["startDate"] == "2026-01-20T19:30:00+01:00"
    assert data["eventAttendanceMode"] == SCHEMA + "OnlineEventAttendanceMode"
    assert data["location"] == {
        "@type": "VirtualLocation",
        "url": f"http://testserver{event.get_absolute_url()}",
    }
    assert "meet.example" not in json.dumps(data)


def test_an_open_day_with_a_link_as_well_is_mixed_with_both_locations(client):
    event = make_event(location=campus(), online_url="https://meet.example/ook-online")
    data = json_ld(client, event.get_absolute_url())
    assert data["eventAttendanceMode"] == SCHEMA + "MixedEventAttendanceMode"
    assert [place["@type"] for place in data["location"]] == ["Place", "VirtualLocation"]


def test_an_event_on_campus_needs_its_location_to_be_saved():
    from django.core.exceptions import ValidationError

    event = make_event()
    with pytest.raises(ValidationError) as refused:
        event.full_clean()
    assert "location" in refused.value.error_dict


def test_every_demo_event_carries_event_json_ld_with_a_time_zone_and_an_address(
    client, demo_content
):
    events = Event.objects.published()
    assert events.count() >= 5
    for event in events:
        data = json_ld(client, event.get_absolute_url())
        assert data["@type"] == "EducationEvent", event
        assert datetime.datetime.fromisoformat(data["startDate"]).utcoffset() is not None
        location = data["location"]
        if event.is_online:
            assert location["@type"] == "VirtualLocation"
        else:
            assert location["address"]["streetAddress"] and location["address"]["postalCode"]


def test_a_job_posting_carries_our_identifier_for_the_place(client):
    werkplek = make_werkplek()
    data = json_ld(client, werkplek.get_absolute_url())
    assert data["identifier"] == {
        "@type": "PropertyValue",
        "name": "Hogeschool Voorbeeld",
        "value": str(werkplek.pk),
    }


@pytest.mark.parametrize(
    ("low", "high", "value"),
    [
        (2200, 2800, {"minValue": 2200, "maxValue": 2800}),
        (2200, None, {"minValue": 2200}),
        (None, 2800, {"maxValue": 2800}),
        (2500, 2500, {"value": 2500}),
    ],
)
def test_a_known_salary_is_the_base_salary_per_month(client, low, high, value):
    data = json_ld(client, make_werkplek(salary_min=low, salary_max=high).get_absolute_url())
    assert data["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "EUR",
        "value": {"@type": "QuantitativeValue", "unitText": "MONTH", **value},
    }


def test_an_unknown_salary_is_left_out(client):
    assert "baseSalary" not in json_ld(client, make_werkplek().get_absolute_url())


@time_machine.travel(datetime.date(2026, 4, 15), tick=False)
def test_the_programme_offers_its_tuition_in_the_academic_year_of_its_next_start(client):
    programme = make_programme()
    make_intake(programme, start_in_days=200)  # 1 November 2026
    Tuition.objects.create(
        valid_from=datetime.date(2026, 9, 1),
        valid_to=datetime.date(2027, 8, 31),
        statutory_eur=2695,
        institutional_eur=9350,
        expected=True,
    )
    offers = json_ld(client, programme.get_absolute_url())["offers"]
    statutory, institutional = offers
    assert statutory["@type"] == "Offer" and statutory["priceCurrency"] == "EUR"
    assert statutory["price"] == "2695.00" and institutional["price"] == "9350.00"
    assert statutory["name"] == "Wettelijk collegegeld per jaar, studiejaar 2026-2027"
    assert (statutory["validFrom"], statutory["validThrough"]) == ("2026-09-01", "2027-08-31")
    assert statutory["priceSpecification"]["referenceQuantity"]["unitCode"] == "ANN"
    assert "Verwacht bedrag" in statutory["description"]


def test_every_demo_programme_offers_its_tuition(client, demo_content):
    for programme in Programme.objects.published():
        offers = json_ld(client, programme.get_absolute_url())["offers"]
        assert offers and all(float(offer["price"]) > 0 for offer in offers), programme
        assert all("studiejaar" in offer["name"] for offer in offers)
