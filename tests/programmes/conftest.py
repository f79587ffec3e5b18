import datetime

import pytest
from django.utils import timezone

from tests.programmes.ooapi_server import OoapiServer, offering, program


def mkb_route_source():
    """What a school's endpoint might serve: the Mkb-route's dual Associate degree with three
    starts, a part-time bachelor with one, and a full-time bachelor that is not ours."""
    year = timezone.localdate().year + 1
    ad = program(
        "Ondernemen",
        croho="80072",
        description="Een Associate degree waarin je werkt bij een mkb-bedrijf en leert.",
        link="https://www.hogeschool-voorbeeld.nl/opleidingen/ad-ondernemen",
    )
    bachelor = program(
        "Bedrijfskunde",
        croho="34035",
        mode="part-time",
        level="bachelor",
        ects=240,
        duration="P4Y",
    )
    full_time = program(
        "Voltijd Bedrijfskunde", croho="34036", mode="full-time", level="bachelor", ects=240
    )
    offerings = {
        ad["programId"]: [
            offering(datetime.date(year, 9, 1), enroll_end=datetime.date(year, 8, 15)),
            offering(datetime.date(year + 1, 2, 1), capacity=20, price="2800.00"),
            offering(datetime.date(year + 1, 9, 1), status="closed", price="2800.00"),
        ],
        bachelor["programId"]: [offering(datetime.date(year, 9, 1), price=None)],
        full_time["programId"]: [offering(datetime.date(year, 9, 1))],
    }
    return [ad, bachelor, full_time], offerings


@pytest.fixture
def ooapi(settings):
    """The Mkb-route-like source on a real HTTP server here, with the site pointed at it and
    short timeouts; a test fails if the server ever served a document that breaks the
    contract without the test asking for it."""
    programs, offerings = mkb_route_source()
    server = OoapiServer(programs, offerings)
    settings.OOAPI_URL = server.url
    settings.OOAPI_TOKEN = ""
    settings.OOAPI_ORGANIZATION = ""
    settings.OOAPI_TIMEOUT = 0.5
    settings.OOAPI_RETRIES = 1
    settings.OOAPI_RETRY_DELAY = 0
    yield server
    server.stop()
    assert not server.unexpected, f"served against the contract: {server.unexpected}"
    if server.breaks_contract:
        assert server.broken, "the document meant to break the contract passed ooapi.json"
