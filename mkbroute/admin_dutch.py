"""Dutch for what Django writes in English in the admin whatever the language: the text of its
yes/no icons, the names of permissions (stored in English when a model is made), the names of
the join tables it makes for many-to-many fields (on delete pages), and of the task queue (in
the permissions a group can get). Set once the models are loaded (MkbAdminConfig.ready);
tests/mkbroute/test_admin_walk.py reads every admin page."""

from django.apps import apps
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

ICONS = {True: ("yes", _("ja")), False: ("no", _("nee")), None: ("unknown", _("onbekend"))}
ACTIONS = {
    "add": _("toevoegen"),
    "change": _("wijzigen"),
    "delete": _("verwijderen"),
    "view": _("bekijken"),
}


def boolean_icon(value):
    """Django's icon for yes, no or unknown, with its text in Dutch (Django's says True, False
    or None to whoever hears it or hovers over it)."""
    icon, text = ICONS[value]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), text)


def permission_label(permission):
    """ "Persona's en toon | experimenten toevoegen". A permission of our own keeps its name,
    which is Dutch (the models' Meta.permissions)."""
    model = permission.content_type.model_class()
    if model is None:  # a model removed since
        return permission.name
    opts = model._meta
    action, _sep, model_name = permission.codename.partition("_")
    if action in ACTIONS and model_name == opts.model_name:
        what = f"{opts.verbose_name_plural} {ACTIONS[action]}"
    else:
        what = permission.name
    return f"{capfirst(opts.app_config.verbose_name)} | {what}"


def join_row_label(row):
    source, target = (getattr(row, field.name) for field in join_fields(type(row)))
    return f"{source} – {target}"


def join_fields(model):
    return [field for field in model._meta.fields if field.is_relation]


def name_join_tables():
    """ "Koppeling opleiding – locatie: Ondernemen – Utrecht", not "Programme-location
    relationship: Programme_locations object (1)"."""
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.auto_created:
            continue
        source, target = (field.related_model._meta for field in join_fields(model))
        names = {"source": source.verbose_name, "target": target.verbose_name}
        model._meta.verbose_name = _("koppeling %(source)s – %(target)s") % names
        model._meta.verbose_name_plural = _("koppelingen %(source)s – %(target)s") % names
        model.__str__ = join_row_label


def name_task_queue():
    """django_tasks_db names its app and model in English only (its admin is left out, see
    admin_site.LEFT_OUT; its permissions are still offered to groups)."""
    config = apps.get_app_config("django_tasks_database")
    config.verbose_name = _("takenwachtrij")
    opts = config.get_model("DBTaskResult")._meta
    opts.verbose_name, opts.verbose_name_plural = _("taak"), _("taken")


def apply():
    from django.contrib.admin.templatetags import admin_list
    from django.contrib.auth.models import Permission

    # Django's lists and read-only fields look the function up here each time they draw an
    # icon (the walk in the tests fails if that changes).
    admin_list._boolean_icon = boolean_icon
    Permission.__str__ = permission_label
    name_join_tables()
    name_task_queue()
