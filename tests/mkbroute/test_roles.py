import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.core.management.sql import emit_post_migrate_signal
from django.db.models.signals import post_migrate

from mkbroute.admin_site import PERSONAL_DATA
from mkbroute.roles import ADMISSIONS, COMMUNICATIONS, ROLES, sync_roles
from tests.factories import make_event, make_lead

pytestmark = pytest.mark.django_db

SECRET = "geheim@example.nl"
CONTENT_URLS = [
    "/admin/programmes/programme/",
    "/admin/programmes/programme/add/",
    "/admin/programmes/event/",
    "/admin/programmes/event/add/",
    "/admin/personas/persona/",
    "/admin/personas/persona/add/",
    "/admin/personas/tone/",
    "/admin/personas/targetgroup/",
    "/admin/personas/benefit/",
    "/admin/personas/story/",
    "/admin/personas/channel/",
    "/admin/personas/matrixcell/",
    "/admin/leads/channelrule/",
]
LEAD_URLS = ["/admin/leads/lead/", "/admin/leads/lead/export/", "/admin/leads/lead/{lead}/change/"]
SUPERUSER_URLS = ["/admin/leads/exportlog/", "/admin/leads/privacyaudit/"]
RESULTS = "/admin/resultaten/"
CATALOGUE_READ_ONLY = ["/admin/programmes/programme/", "/admin/programmes/event/"]
CONTENT_ONLY = ["/admin/personas/persona/", "/admin/personas/tone/", "/admin/leads/channelrule/"]


@pytest.fixture
def lead(personas):
    make_event()
    return make_lead(SECRET, first_name="Geheim")


def allowed(response):
    return response.status_code == 200


def refused_without_data(response):
    return response.status_code in (302, 403) and SECRET.encode() not in response.content


def urls(templates, lead):
    return [url.format(lead=lead.pk) for url in templates]


def test_communications_edit_content_and_never_see_leads(communications, lead):
    for url in CONTENT_URLS + [RESULTS]:
        assert allowed(communications.get(url)), url
    for url in urls(LEAD_URLS + SUPERUSER_URLS, lead):
        assert refused_without_data(communications.get(url)), url
    index = communications.get("/admin/").content.decode()
    assert "Leads" not in index.split("Wat u hier kunt doen")[1].split("</div>")[0]


def test_admissions_follow_up_and_export_leads_but_do_not_edit_content(admissions, lead):
    their_work = [*urls(LEAD_URLS, lead), RESULTS, *CATALOGUE_READ_ONLY]
    for url in their_work:
        assert allowed(admissions.get(url)), url
    not_theirs = ["/admin/programmes/programme/add/", *CONTENT_ONLY, *SUPERUSER_URLS]
    for url in not_theirs:
        assert refused_without_data(admissions.get(url)), url
    assert admissions.post(f"/admin/leads/lead/{lead.pk}/delete/").status_code == 403


def test_staff_without_a_role_see_nothing(groupless, lead):
    for url in urls(CONTENT_URLS + LEAD_URLS + SUPERUSER_URLS, lead) + [RESULTS]:
        assert refused_without_data(groupless.get(url)), url
    assert "nog geen rol" in groupless.get("/admin/").content.decode()


def test_anonymous_visitors_are_sent_to_the_login(client, lead):
    for url in urls(CONTENT_URLS + LEAD_URLS + SUPERUSER_URLS, lead) + [RESULTS]:
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url


def test_superusers_see_everything_and_logs_are_read_only(superuser, lead):
    for url in urls(CONTENT_URLS + LEAD_URLS + SUPERUSER_URLS, lead) + [RESULTS]:
        assert allowed(superuser.get(url)), url
    assert superuser.get("/admin/leads/exportlog/add/").status_code == 403


def test_the_roles_are_kept_current_and_the_sync_is_idempotent():
    admissions = Group.objects.get(name=ADMISSIONS)
    admissions.permissions.clear()
    sync_roles()
    sync_roles()
    assert admissions.permissions.filter(codename="export_lead").exists()
    assert (
        not Group.objects.get(name=COMMUNICATIONS)
        .permissions.filter(
            content_type__app_label="leads", codename__in=["view_lead", "export_lead"]
        )
        .exists()
    )
    assert Group.objects.filter(name__in=[ADMISSIONS, COMMUNICATIONS]).count() == 2


def migrated(config):
    """Tell the world config has migrated, as migrate does for each app in turn."""
    post_migrate.send(
        sender=config,
        app_config=config,
        verbosity=0,
        interactive=False,
        using="default",
        apps=apps,
        plan=[],
    )


def test_the_roles_are_synced_once_the_last_app_has_migrated():
    Group.objects.all().delete()
    *earlier, last = [config for config in apps.get_app_configs() if config.models_module]
    for config in earlier:
        migrated(config)
    assert not Group.objects.exists(), "the later apps' permissions do not exist yet"
    migrated(last)
    admissions = Group.objects.get(name=ADMISSIONS)
    assert admissions.permissions.count() == len(ROLES[ADMISSIONS])
    assert Group.objects.get(name=COMMUNICATIONS).permissions.count() == len(ROLES[COMMUNICATIONS])


def test_a_role_naming_a_permission_that_does_not_exist_stops_the_migrate(monkeypatch):
    monkeypatch.setitem(ROLES, ADMISSIONS, [*ROLES[ADMISSIONS], ("leads", "fly_lead")])
    with pytest.raises(ImproperlyConfigured, match="do not exist: leads.fly_lead"):
        sync_roles()
    with pytest.raises(ImproperlyConfigured, match="leads.fly_lead"):
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")


def test_communications_hold_no_permission_on_personal_data_or_its_history():
    """Not the people, not what they did through their links, not what waits for
    admissions' check: PERSONAL_DATA names them, with the histories."""
    watched = PERSONAL_DATA | {"employers.employerhistory", "employers.werkplekchange"}
    held = Group.objects.get(name=COMMUNICATIONS).permissions.values_list(
        "content_type__app_label", "content_type__model"
    )
    assert not {f"{app}.{model}" for app, model in held} & watched
    assert {"leads.personhistory", "employers.employerhistory"} <= PERSONAL_DATA
