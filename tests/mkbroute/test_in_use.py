"""Content that submissions, reminders and werkplekken refer to is archived or unpublished,
never deleted."""

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from leads.models import Lead, Reminder, SubmissionProgramme
from leads.privacy import erase
from personas.models import Channel, Persona, TargetGroup
from programmes.models import Intake
from tests.employers.helpers import make_werkplek
from tests.factories import (
    make_channel,
    make_event,
    make_intake,
    make_lead,
    make_persona,
    make_programme,
    make_target_group,
    make_tone,
)
from tests.helpers import form_data

pytestmark = pytest.mark.django_db

ADMIN_URLS = {
    "programme": "/admin/programmes/programme/",
    "event": "/admin/programmes/event/",
    "persona": "/admin/personas/persona/",
    "targetgroup": "/admin/personas/targetgroup/",
    "tone": "/admin/personas/tone/",
    "channel": "/admin/personas/channel/",
}
INSTEAD = {
    "programme": "Zet ‘gepubliceerd’ uit in plaats van te verwijderen",
    "event": "Zet ‘gepubliceerd’ uit in plaats van te verwijderen",
    "persona": "Archiveer het in plaats van te verwijderen",
    "targetgroup": "Archiveer het in plaats van te verwijderen",
    "tone": "kies bij de persona&#x27;s en doelgroepen een andere toon",
    "channel": "Archiveer het in plaats van te verwijderen",
}


def one_of_each(tone):
    """A programme, event, persona, target group, tone and channel that nothing else uses."""
    return {
        "programme": make_programme(),
        "event": make_event(),
        "persona": make_persona(tone),
        "targetgroup": make_target_group(make_persona(tone)),
        "tone": make_tone(),
        "channel": make_channel(),
    }


@pytest.fixture
def used(tones):
    """One of each, all named by one submission, and only by it."""
    objects = one_of_each(tones["neutraal"])
    lead = make_lead(
        "zoe@example.nl",
        persona=objects["persona"],
        group=objects["targetgroup"],
        channel=objects["channel"],
        programmes=[objects["programme"]],
        tone=objects["tone"],
        intent="event",
        event=objects["event"],
    )
    return {**objects, "submission": lead.submissions.get()}


def named_by(submission, kind):
    """What of this kind the submission names, as a list."""
    submission.refresh_from_db()
    if kind == "programme":
        return list(submission.programmes.all())
    return [getattr(submission, {"targetgroup": "target_group"}.get(kind, kind))]


@pytest.mark.parametrize("kind", ADMIN_URLS)
def test_deleting_what_a_submission_names_is_refused_with_what_to_do_instead(
    communications, used, kind
):
    obj = used[kind]
    url = f"{ADMIN_URLS[kind]}{obj.pk}/delete/"
    page = communications.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert f"“{obj}” kan niet worden verwijderd: in gebruik bij 1 inzending." in html
    assert INSTEAD[kind] in html
    assert "Zoë" not in html and "zoe@example.nl" not in html, "counts, never people"
    assert 'name="post"' not in html, "no button to delete anyway"

    response = communications.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert type(obj).objects.filter(pk=obj.pk).exists()
    assert named_by(used["submission"], kind) == [obj]


@pytest.mark.parametrize("kind", ADMIN_URLS)
def test_delete_selected_refuses_the_whole_selection_when_one_is_in_use(
    communications, used, tones, kind
):
    obj, unused = used[kind], one_of_each(tones["neutraal"])[kind]
    selection = {"action": "delete_selected", "_selected_action": [obj.pk, unused.pk]}
    page = communications.post(ADMIN_URLS[kind], selection)
    assert page.status_code == 200
    html = page.content.decode()
    assert f"“{obj}” kan niet worden verwijderd: in gebruik bij 1 inzending." in html
    assert f"“{unused}”" not in html
    assert INSTEAD[kind] in html and "Zoë" not in html

    assert communications.post(ADMIN_URLS[kind], {**selection, "post": "yes"}).status_code == 200
    assert type(obj).objects.filter(pk__in=[obj.pk, unused.pk]).count() == 2


@pytest.mark.parametrize("kind", ADMIN_URLS)
def test_what_no_submission_names_can_still_be_deleted(communications, tones, kind):
    obj = one_of_each(tones["neutraal"])[kind]
    url = f"{ADMIN_URLS[kind]}{obj.pk}/delete/"
    assert "Ja, ik weet het zeker" in communications.get(url).content.decode()
    assert communications.post(url, {"post": "yes"}).status_code == 302
    assert not type(obj).objects.filter(pk=obj.pk).exists()


def test_a_tone_is_kept_for_the_personas_and_groups_that_speak_in_it(communications, personas):
    tone = personas["zij-instromer"].tone
    html = communications.get(f"/admin/personas/tone/{tone.pk}/delete/").content.decode()
    assert f"“{tone}” kan niet worden verwijderd: in gebruik bij 1 persona en 1 doelgroep." in html


def test_a_target_group_in_use_is_not_deleted_from_its_personas_page(communications, used):
    group = used["targetgroup"]
    persona = group.persona
    copy = ["name", "slug", "entry_label", "title", "lead", "body", "cta_title", "cta_button"]
    form = {name: getattr(persona, name) for name in copy}
    form.update(tone=persona.tone_id, order=100)
    row = {"id": group.pk, "persona": persona.pk, "name": group.name, "label": group.label}
    form.update({f"target_groups-0-{name}": value for name, value in row.items()})
    form.update({"target_groups-0-order": 100, "target_groups-0-DELETE": "on"})
    for inline, rows in (("target_groups", 1), ("Benefit_personas", 0), ("stories", 0)):
        form.update({f"{inline}-TOTAL_FORMS": rows, f"{inline}-INITIAL_FORMS": rows})
    response = communications.post(f"/admin/personas/persona/{persona.pk}/change/", form)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"“{group}” kan niet worden verwijderd: in gebruik bij 1 inzending." in html
    assert "Zoë" not in html
    assert TargetGroup.objects.filter(pk=group.pk).exists()


ARCHIVED = {
    "persona": (Persona, "/admin/personas/persona/"),
    "targetgroup": (TargetGroup, "/admin/personas/targetgroup/"),
    "channel": (Channel, "/admin/personas/channel/"),
}


@pytest.mark.parametrize("kind", ARCHIVED)
def test_staff_archive_and_bring_back_with_an_action(communications, used, kind):
    model, url = ARCHIVED[kind]
    obj = used[kind]
    selection = {"_selected_action": [obj.pk]}
    response = communications.post(url, {**selection, "action": "set_archived_on"}, follow=True)
    assert "1 gearchiveerd." in response.content.decode()
    assert model.objects.get(pk=obj.pk).archived
    assert obj.name in communications.get(f"{url}?archived__exact=1").content.decode()
    communications.post(url, {**selection, "action": "set_archived_off"})
    assert not model.objects.get(pk=obj.pk).archived


@pytest.mark.parametrize("kind", ["programme", "event"])
def test_staff_take_programmes_and_events_off_the_site_with_an_action(
    communications, client, used, kind
):
    obj = used[kind]
    assert client.get(obj.get_absolute_url()).status_code == 200
    selection = {"_selected_action": [obj.pk], "action": "set_published_off"}
    response = communications.post(ADMIN_URLS[kind], selection, follow=True)
    assert "1 van de site gehaald." in response.content.decode()
    assert client.get(obj.get_absolute_url()).status_code == 404
    assert named_by(used["submission"], kind) == [obj]


def test_once_the_submissions_are_erased_the_content_can_be_deleted(communications, used):
    erase(Lead.objects.filter(email="zoe@example.nl"))
    assert not SubmissionProgramme.objects.exists(), "the person's programme choices went too"
    for kind in ("programme", "event", "persona", "targetgroup", "tone", "channel"):
        obj = used[kind]
        response = communications.post(f"{ADMIN_URLS[kind]}{obj.pk}/delete/", {"post": "yes"})
        assert response.status_code == 302, kind
        assert not type(obj).objects.filter(pk=obj.pk).exists()


# What admissions rely on: reminders point at intakes, werkplekken at programmes and intakes.


@pytest.fixture
def intake_in_use(personas):
    """An intake that three people were reminded of, and that a werkplek starts at."""
    programme = make_programme(name="Bedrijfskunde")
    intake = make_intake(programme, start_in_days=90)
    for n in range(3):
        lead = make_lead(f"lerende{n}@example.nl", programmes=[programme])
        submission = lead.submissions.get()
        Reminder.objects.create(
            lead=lead, submission=submission, intake=intake, deadline=timezone.localdate()
        )
    werkplek = make_werkplek(programmes=[programme], intakes=[intake])
    return intake, werkplek


def programme_page(programme):
    return f"/admin/programmes/programme/{programme.pk}/change/"


def refused(html, obj, users):
    """Whether the page refuses to delete obj, counting what uses it and naming nobody."""
    sentence = f"“{obj}” kan niet worden verwijderd: in gebruik bij {users}."
    return sentence in html and "Zoë" not in html and "lerende0@" not in html


def test_deleting_an_intake_on_its_programmes_page_is_refused_with_what_uses_it(
    communications, intake_in_use
):
    intake, werkplek = intake_in_use
    url = programme_page(intake.programme)
    form = form_data(communications.get(url).content.decode(), "programme_form")
    response = communications.post(url, {**form, "intakes-0-DELETE": "on"})
    assert response.status_code == 200
    html = response.content.decode()
    assert refused(html, intake, "1 werkplek en 3 herinneringen")
    assert "Archiveer het in plaats van te verwijderen" in html
    assert Intake.objects.filter(pk=intake.pk).exists()
    assert Reminder.objects.filter(intake=intake).count() == 3
    assert list(werkplek.intakes.all()) == [intake]


def test_an_intake_only_a_werkplek_starts_at_is_kept_too(communications, intake_in_use):
    intake, werkplek = intake_in_use
    Reminder.objects.all().delete()
    url = programme_page(intake.programme)
    form = form_data(communications.get(url).content.decode(), "programme_form")
    html = communications.post(url, {**form, "intakes-0-DELETE": "on"}).content.decode()
    assert refused(html, intake, "1 werkplek")
    assert list(werkplek.intakes.all()) == [intake]


def test_an_intake_nothing_uses_is_deleted_from_its_programmes_page(communications):
    intake = make_intake(make_programme())
    url = programme_page(intake.programme)
    form = form_data(communications.get(url).content.decode(), "programme_form")
    assert communications.post(url, {**form, "intakes-0-DELETE": "on"}).status_code == 302
    assert not Intake.objects.filter(pk=intake.pk).exists()


@pytest.mark.parametrize("how", ["delete page", "delete selected"])
def test_deleting_a_programme_a_werkplek_or_reminder_uses_is_refused(
    communications, intake_in_use, how
):
    intake, werkplek = intake_in_use
    programme = intake.programme
    SubmissionProgramme.objects.all().delete()  # no lead names it: only admissions' rows
    if how == "delete page":
        url, form = f"/admin/programmes/programme/{programme.pk}/delete/", {}
        page = communications.get(url)
    else:
        url = "/admin/programmes/programme/"
        form = {"action": "delete_selected", "_selected_action": [programme.pk]}
        page = communications.post(url, form)
    html = page.content.decode()
    assert refused(html, programme, "1 werkplek en 3 herinneringen")
    assert "Zet ‘gepubliceerd’ uit in plaats van te verwijderen" in html
    response = communications.post(url, {**form, "post": "yes"})
    assert response.status_code == 200
    assert Intake.objects.filter(pk=intake.pk).exists()
    assert list(werkplek.programmes.all()) == [programme]
    assert Reminder.objects.filter(intake=intake).count() == 3


def test_a_programme_only_a_werkplek_is_for_is_kept(communications):
    programme = make_programme()
    werkplek = make_werkplek(programmes=[programme])
    url = f"/admin/programmes/programme/{programme.pk}/delete/"
    assert refused(communications.get(url).content.decode(), programme, "1 werkplek")
    assert communications.post(url, {"post": "yes"}).status_code == 200
    assert list(werkplek.programmes.all()) == [programme]


def test_an_archived_intake_leaves_the_site_and_keeps_its_reminders(
    communications, client, intake_in_use
):
    intake, _werkplek = intake_in_use
    programme = intake.programme
    start = date_format(intake.start_date, "j F Y")
    assert start in client.get(programme.get_absolute_url()).content.decode()
    url = programme_page(programme)
    form = form_data(communications.get(url).content.decode(), "programme_form")
    assert communications.post(url, {**form, "intakes-0-archived": "on"}).status_code == 302
    assert start not in client.get(programme.get_absolute_url()).content.decode()
    assert not Intake.objects.upcoming().exists()
    assert Reminder.objects.filter(intake=intake).count() == 3
