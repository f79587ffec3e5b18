"""The two staff roles as data: groups with exactly the permissions their work needs."""

from django.contrib.auth.models import Group, Permission

COMMUNICATIONS = "Communicatie"
ADMISSIONS = "Toelating"

ALL = ("add", "change", "delete", "view")
CONTENT = {
    "programmes": ["programme", "intake", "event", "field", "location"],
    "personas": [
        "tone",
        "toneword",
        "targetgroup",
        "persona",
        "benefit",
        "story",
        "channel",
        "matrixcell",
    ],
    "leads": ["channelrule"],
}

ROLES = {
    COMMUNICATIONS: [
        *[
            (app, f"{action}_{model}")
            for app, models in CONTENT.items()
            for model in models
            for action in ALL
        ],
        ("personas", "view_results"),
    ],
    ADMISSIONS: [
        ("leads", "view_lead"),
        ("leads", "change_lead"),
        ("leads", "export_lead"),
        ("leads", "view_submission"),
        ("leads", "view_consent"),
        ("programmes", "view_programme"),
        ("programmes", "view_intake"),
        ("programmes", "view_event"),
        ("personas", "view_results"),
    ],
}


def sync_roles(**kwargs):
    """Create both groups and set their permissions to exactly ROLES; safe to run any time."""
    for name, wanted in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        permissions = [
            Permission.objects.filter(content_type__app_label=app, codename=codename).first()
            for app, codename in wanted
        ]
        if None in permissions:  # migrate has not created every permission yet
            continue
        group.permissions.set(permissions)
