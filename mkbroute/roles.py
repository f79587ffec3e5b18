"""The two staff roles as data: groups with exactly the permissions their work needs."""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS

COMMUNICATIONS = "Communicatie"
ADMISSIONS = "Toelating"

ALL = ("add", "change", "delete", "view")
CONTENT = {
    "programmes": [
        "programme",
        "intake",
        "event",
        "field",
        "location",
        "scheme",
        "admissionroute",
        "entrancetestround",
        "tuition",
        "othercost",
        "exemption",
    ],
    "personas": [
        "tone",
        "toneword",
        "targetgroup",
        "persona",
        "benefit",
        "story",
        "channel",
        "matrixcell",
        "experiment",
        "variant",
    ],
    "leads": ["channelrule"],
    "employers": ["employersection"],
}
EDIT_CONTENT = [
    (app, f"{action}_{model}")
    for app, models in CONTENT.items()
    for model in models
    for action in ALL
]
FOLLOW_UP_LEADS = [
    ("leads", "view_lead"),
    ("leads", "change_lead"),
    ("leads", "export_lead"),
    ("leads", "view_submission"),
    ("leads", "view_consent"),
    ("leads", "view_reminder"),
]
# Employers, their places and introductions; the contact persons are personal data.
MATCH_WERKPLEKKEN = [
    *[("employers", f"{action}_{model}") for model in ("employer", "werkplek") for action in ALL],
    ("employers", "view_introduction"),
    ("employers", "add_introduction"),
    ("employers", "change_introduction"),
    ("employers", "view_reply"),
    # A person's alerts (their address and search): seen, and ended when they ask by mail.
    ("employers", "view_alert"),
    ("employers", "delete_alert"),
]
READ_CATALOGUE = [
    ("programmes", "view_programme"),
    ("programmes", "view_intake"),
    ("programmes", "view_event"),
]
SEE_RESULTS = [("personas", "view_results")]
# The log of each import from the school's OOAPI source; the import writes it, nobody else.
READ_IMPORTS = [("programmes", "view_importrun")]

ROLES = {
    COMMUNICATIONS: [*EDIT_CONTENT, *SEE_RESULTS, *READ_IMPORTS],
    ADMISSIONS: [*FOLLOW_UP_LEADS, *MATCH_WERKPLEKKEN, *READ_CATALOGUE, *SEE_RESULTS],
}


def sync_roles(using=DEFAULT_DB_ALIAS):
    """Create both groups and set their permissions to exactly ROLES; safe to run any time.

    A permission that ROLES names but the database lacks is a mistake in ROLES (or a model
    that was renamed): refuse, naming it, rather than hand out a role with a hole in it.
    """
    wanted = {key for keys in ROLES.values() for key in keys}
    found = {
        (permission.content_type.app_label, permission.codename): permission
        for permission in Permission.objects.using(using)
        .filter(content_type__app_label__in={app for app, _codename in wanted})
        .select_related("content_type")
    }
    if missing := sorted(wanted - found.keys()):
        names = ", ".join(f"{app}.{codename}" for app, codename in missing)
        raise ImproperlyConfigured(f"The staff roles name permissions that do not exist: {names}")
    for name, keys in ROLES.items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        group.permissions.set([found[key] for key in keys])


def sync_roles_after_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    """post_migrate comes once for each app, in INSTALLED_APPS order, and each app's
    permissions are made in its own turn: only after the last app are they all there."""
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender is with_models[-1]:
        sync_roles(using=using)
