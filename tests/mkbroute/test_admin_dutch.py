"""The admin speaks Dutch everywhere, also where Django and django_otp ship English only."""

import re

import pytest
from django.utils.html import strip_tags

from leads import mails, outbox
from personas.models import Experiment
from tests.factories import make_lead, make_location, make_programme
from tests.helpers import form_data

pytestmark = pytest.mark.django_db


def test_the_widgets_for_choosing_many_are_in_dutch(superuser, settings):
    settings.ADMIN_2FA = False
    client = superuser
    catalog = client.get("/admin/jsi18n/").content.decode()
    assert '"Choose all %s": "Alle %s kiezen"' in catalog
    assert '"Remove all %s": "Alle %s verwijderen"' in catalog


def test_the_second_factor_has_dutch_names_in_the_admin(superuser, settings):
    settings.ADMIN_2FA = False
    client = superuser
    index = client.get("/admin/").content.decode()
    assert "Tweede stap bij het inloggen" in index and "Authenticator-apps" in index
    assert "TOTP" not in index and "OTP_TOTP" not in index


def test_a_help_text_shows_the_placeholder_of_the_address(superuser, settings):
    settings.ADMIN_2FA = False
    client = superuser
    form = client.get("/admin/personas/persona/add/").content.decode()
    assert "/voor/&lt;naam in het adres&gt;/" in form


def test_a_saved_experiment_is_never_de_experiment(communications, personas):
    experiment = Experiment.objects.create(persona=personas["student"], name="Kop met een vraag")
    for letter in "AB":
        experiment.variants.create(letter=letter, title=f"Kop {letter}")
    url = f"/admin/personas/experiment/{experiment.pk}/change/"
    form = form_data(communications.get(url).content.decode(), "experiment_form")
    page = communications.post(url, form, follow=True).content.decode()
    assert "Gewijzigd: experiment ‘" in page
    assert not re.search(r"\bde experiment\b", page, re.IGNORECASE)


def test_a_staff_member_reads_what_a_mail_is_and_why_it_was_not_sent(superuser, personas):
    lead = make_lead("zoe@example.nl")
    confirmation = outbox.mail_of(mails.confirmation, lead.submissions.get().pk)
    outbox.Mail.objects.filter(pk=confirmation.pk).update(status="dropped", note="gone")
    listing = strip_tags(superuser.get("/admin/leads/mail/?status__exact=dropped").content.decode())
    assert "bevestiging aan de persoon" in listing and "bestaat niet meer" in listing
    assert "leads.mails" not in listing and "gone" not in listing
    page = superuser.get(f"/admin/leads/lead/{lead.pk}/change/").content.decode()
    assert "Niet meer verstuurd" in page and "bestaat niet meer" in page and "gone" not in page


def test_a_group_offers_the_permissions_of_the_admin_in_dutch(superuser):
    page = superuser.get("/admin/auth/group/add/").content.decode()
    assert "Persona&#x27;s en toon | experimenten toevoegen" in page
    assert "Leads | Leads exporteren als CSV" in page
    assert "Takenwachtrij | taken toevoegen" in page
    assert "Can add" not in page and "Task" not in page


def test_a_delete_page_names_the_links_of_a_programme_in_dutch(superuser):
    programme = make_programme(locations=[make_location("Utrecht")], name="Ondernemen")
    page = superuser.get(f"/admin/programmes/location/{programme.locations.get().pk}/delete/")
    text = page.content.decode()
    assert "Koppeling opleiding – locatie: Associate degree Ondernemen – Utrecht" in text
    assert "relatie" not in text and "object (" not in text
