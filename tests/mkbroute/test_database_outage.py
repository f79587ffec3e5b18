"""With the database away, pages that need it ask the visitor to come back: a Dutch 503."""

import contextlib

import pytest
from django.db import connection
from django.test import Client

from leads.models import Submission
from tests.leads.helpers import VALID, form_fields, submit

pytestmark = pytest.mark.django_db(transaction=True)


@contextlib.contextmanager
def database_away():
    """The real connection pointed at a database that is not there: a closed port for
    PostgreSQL, a folder that does not exist for SQLite."""
    settings = connection.settings_dict
    saved = dict(settings)
    connection.close()
    if connection.vendor == "sqlite":
        settings["NAME"] = "/nonexistent-folder/db.sqlite3"
    else:
        settings["HOST"], settings["PORT"] = "127.0.0.1", "1"
    try:
        yield
    finally:
        connection.close()
        settings.clear()
        settings.update(saved)


def assert_come_back_later(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    page = response.content.decode()
    assert "Even niet beschikbaar" in page and "Probeer het over een minuut opnieuw" in page


def test_an_uncached_page_answers_503_with_retry_after_when_the_database_is_away():
    client = Client(raise_request_exception=False)
    with database_away():
        response = client.get("/opleidingen/")
    assert_come_back_later(response)


def test_a_submit_answers_503_and_the_form_can_be_sent_again_later():
    client = Client(raise_request_exception=False)
    form = client.get("/interesse/").content.decode()
    with database_away():
        response = client.post("/interesse/", {**form_fields(form), **VALID})
    assert_come_back_later(response)
    assert not Submission.objects.exists()
    assert submit(client).status_code == 302
    assert Submission.objects.count() == 1


def test_the_admin_login_answers_503_when_the_database_is_away():
    client = Client(raise_request_exception=False)
    with database_away():
        response = client.post("/admin/login/", {"username": "a", "password": "b"})
    assert_come_back_later(response)


def test_a_fault_that_is_not_the_database_is_still_a_500(rf):
    from mkbroute import views

    try:
        raise ValueError("a bug")
    except ValueError:
        response = views.server_error(rf.get("/"))
    assert response.status_code == 500 and "Retry-After" not in response
