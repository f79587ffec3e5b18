"""An archived persona, target group or channel leaves the site and the plan, not the history."""

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from personas.models import TargetGroup
from tests.factories import make_lead, make_target_group
from tests.leads.helpers import submit

pytestmark = pytest.mark.django_db


def archive(obj):
    obj.archived = True
    obj.save()


def test_an_archived_personas_page_is_gone_from_the_site(client, personas, settings):
    settings.PAGE_CACHE_SECONDS = 600
    student = personas["student"]
    visitor = Client()
    assert 'href="/voor/student/"' in visitor.get("/").content.decode()
    assert visitor.get("/voor/student/").status_code == 200
    assert "/voor/student/" in visitor.get("/sitemap.xml").content.decode()

    archive(student)
    assert visitor.get("/voor/student/").status_code == 404
    assert 'href="/voor/student/"' not in visitor.get("/").content.decode()
    assert "/voor/student/" not in visitor.get("/sitemap.xml").content.decode()
    assert "/voor/doorstromer/" in visitor.get("/sitemap.xml").content.decode()


def test_a_form_preset_for_an_archived_persona_is_the_general_form(client, personas):
    preset = 'name="persona" value="student"'
    assert preset in client.get("/interesse/?persona=student").content.decode()
    archive(personas["student"])
    assert preset not in client.get("/interesse/?persona=student").content.decode()


def group_labels(html):
    return [group.label for group in TargetGroup.objects.all() if group.label in html]


def test_archived_groups_are_not_offered_in_forms(client, personas):
    havo = personas["student"].target_groups.get(key="havo")
    archive(havo)
    archive(personas["zij-instromer"])  # and with it, its groups
    general = group_labels(client.get("/interesse/").content.decode())
    assert "Ik heb havo" not in general and "Ik werk al op hbo-niveau" not in general
    assert "Ik heb vwo" in general
    on_persona = group_labels(client.get("/interesse/?persona=student").content.decode())
    assert on_persona == ["Ik heb vwo", "Ik doe nu een voltijd hbo-opleiding"]


def test_a_persona_with_one_group_left_presets_it(client, personas):
    zij = personas["zij-instromer"]
    archive(zij.target_groups.get(key="career_switcher"))
    group = zij.target_groups.get(key="employee_verzilveren")
    html = client.get("/voor/zij-instromer/").content.decode()
    assert f"/interesse/?persona=zij-instromer&amp;doelgroep={group.slug}" in html


def test_a_choice_of_an_archived_group_is_refused(client, personas):
    havo = personas["student"].target_groups.get(key="havo")
    archive(havo)  # after the visitor opened the form, say
    response = submit(client, "/interesse/", target_group=havo.slug)
    assert response.status_code == 200
    assert not havo.submissions.exists()


FINDER_HAVO = "/keuzehulp/?stap=1&education=havo&work=looking&goal=keep_learning&over_21=nee"


def test_the_route_finder_does_not_lead_to_an_archived_group(client, personas):
    assert "/voor/student/" in client.get(FINDER_HAVO).content.decode()
    archive(personas["student"].target_groups.get(key="havo"))
    result = client.get(FINDER_HAVO)
    assert result.status_code == 200
    assert result.context["group"] is None


def test_an_archived_group_leaves_its_finder_rule_to_the_group_that_replaces_it(personas):
    havo = personas["student"].target_groups.get(key="havo")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_target_group(personas["student"], "havo")
    archive(havo)
    successor = make_target_group(personas["student"], "havo", label="Ik heb havo (nieuw)")
    assert TargetGroup.objects.active().get(key="havo") == successor


def test_an_archived_group_keeps_its_submissions(personas):
    zij = personas["zij-instromer"]
    group = zij.target_groups.get(key="career_switcher")
    lead = make_lead("a@example.nl", persona=zij, group=group)
    archive(group)
    archive(zij)
    submission = lead.submissions.get()
    submission.refresh_from_db()
    assert (submission.persona, submission.target_group) == (zij, group)
