"""Admissions change an employer's contact person in the admin: the old contact's link stops
working and the new contact gets a link of their own, as when the employer hands over."""

import re

import pytest
from django.core import mail
from django.test import Client

from employers.models import Employer
from tests.helpers import form_data
from tests.leads.helpers import run_worker
from tests.mkbroute.test_personal_links import open_link, path_of

from .helpers import make_employer
from .test_mine_places import history

pytestmark = pytest.mark.django_db


def change(admissions, employer, **changes):
    url = f"/admin/employers/employer/{employer.pk}/change/"
    data = {**form_data(admissions.get(url).content.decode(), "employer_form"), **changes}
    response = admissions.post(url, data, follow=True)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def employer():
    employer = make_employer(contact_name="Henk de Vries", contact_email="henk@devries.example")
    run_worker()
    mail.outbox.clear()
    return employer


def test_a_new_contact_from_admissions_gets_a_link_and_the_old_one_stops(admissions, employer):
    old_link = employer.personal_link()
    page = change(
        admissions, employer, contact_name="Fatima Bakker", contact_email="fatima@devries.example"
    )
    assert "De nieuwe contactpersoon krijgt een persoonlijke link per mail." in page
    assert Client().get(path_of(old_link)).status_code == 410
    run_worker()
    [message] = mail.outbox
    assert message.to == ["fatima@devries.example"] and "Beste Fatima Bakker" in message.body
    assert "U staat nu bij ons als contactpersoon van" in message.body
    link = re.search(r"https?://\S+/werkgevers/mijn/\?t=\S+", message.body).group(0)
    assert open_link(Client(), link).status_code == 200
    what = "Nieuwe contactpersoon, die een eigen link kreeg; de vorige link werkt niet meer"
    assert history(employer)[0] == (what, False, "toelating")


def test_other_changes_send_nothing_and_keep_the_link(admissions, employer):
    link = employer.personal_link()
    page = change(admissions, employer, contact_phone="030 123 4567", notes="Gebeld")
    assert "krijgt een persoonlijke link" not in page
    run_worker()
    assert mail.outbox == []
    assert open_link(Client(), link).status_code == 200


def test_a_stopped_employer_gets_no_link(admissions, employer):
    Employer.objects.filter(pk=employer.pk).update(status=Employer.Status.STOPPED)
    change(admissions, employer, contact_email="fatima@devries.example")
    run_worker()
    assert mail.outbox == []
    assert history(employer)[0][0] == "Nieuwe contactpersoon; de link van de vorige werkt niet meer"
