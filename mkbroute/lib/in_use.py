"""Content still in use is not deleted: the admin says what uses it and what to do instead."""

from collections import Counter

from django.contrib import admin, messages
from django.contrib.admin.utils import NestedObjects
from django.core.exceptions import ValidationError
from django.db import router
from django.forms.formsets import DELETION_FIELD_NAME
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _

UNPUBLISH = _(
    "Zet ‘gepubliceerd’ uit in plaats van te verwijderen: dan staat het niet meer op de site "
    "en blijft de geschiedenis compleet."
)
ARCHIVE = _(
    "Archiveer het in plaats van te verwijderen: dan wordt het niet meer gebruikt en blijft "
    "de geschiedenis compleet."
)


def what_to_do_instead(model):
    """Unpublish what has a published field, archive what has an archived field."""
    fields = {field.name for field in model._meta.fields}
    return UNPUBLISH if "published" in fields else ARCHIVE if "archived" in fields else ""


def collect(objs):
    collector = NestedObjects(using=router.db_for_write(objs[0]._meta.model))
    collector.collect(objs)
    return collector


def owner(row):
    """The row a many-to-many link belongs to, or any other row itself, as (model, pk)."""
    for field in row._meta.concrete_fields:
        if field.many_to_one:
            links = (m2m.remote_field.through for m2m in field.related_model._meta.many_to_many)
            if type(row) in links:
                return field.related_model, getattr(row, field.attname)
    return type(row), row.pk


def users(obj):
    """What keeps obj from being deleted, as {model: number of rows}: whatever refers to it,
    or to anything deleting it would delete too, and may not go."""
    owners = {owner(row) for row in collect([obj]).protected}
    return Counter(model for model, _pk in sorted(owners, key=lambda o: o[0]._meta.label))


def counted(model, count):
    name = model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural
    return f"{count} {name}"


def refusal(obj):
    """Why obj cannot be deleted, in a sentence that counts (never names) what uses it; None
    when nothing does."""
    found = users(obj)
    if not found:
        return None
    return _("“%(object)s” kan niet worden verwijderd: in gebruik bij %(users)s.") % {
        "object": obj,
        "users": get_text_list([counted(model, n) for model, n in found.items()], _("en")),
    }


def refusals(objs):
    """A sentence for each of objs that is in use; one collection when none is."""
    objs = list(objs)
    if not objs or not collect(objs).protected:
        return []
    return [sentence for sentence in map(refusal, objs) if sentence]


class Refusals(list):
    """The delete page's "protected" list: a sentence per object in use, and .instead, what
    to do instead of deleting."""

    def __init__(self, sentences, instead):
        super().__init__(sentences)
        self.instead = instead


class KeepInUseAdmin:
    """ModelAdmin mixin: deleting an object that is in use, alone or with "delete selected",
    shows why not and what to do instead, rather than Django's list of the rows that use it
    (which would name people to staff who may not see them)."""

    delete_confirmation_template = "admin/in_use/delete_confirmation.html"
    delete_selected_confirmation_template = "admin/in_use/delete_selected_confirmation.html"
    instead_of_deleting = None  # None: what_to_do_instead(model)

    def get_deleted_objects(self, objs, request):
        sentences = refusals(objs)
        if sentences:
            instead = self.instead_of_deleting or what_to_do_instead(self.model)
            return [], {}, set(), Refusals(sentences, instead)
        return super().get_deleted_objects(objs, request)


class KeepInUseInline:
    """InlineModelAdmin mixin: the "delete" box of a row in use gives the same sentence."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        instead = what_to_do_instead(self.model)

        class KeepInUseForm(formset.form):
            def hand_clean_DELETE(self):
                if not self.cleaned_data.get(DELETION_FIELD_NAME) or self.instance._state.adding:
                    return
                sentence = refusal(self.instance)
                if sentence:
                    raise ValidationError(f"{sentence} {instead}", code="deleting_protected")

        formset.form = KeepInUseForm
        return formset


def flag_action(field, value, description, done):
    """An admin action that sets a yes/no field on the selected objects. Each is saved on its
    own, so that the page cache and the admin history see the change; done says how many,
    with %(count)s."""

    @admin.action(description=description, permissions=["change"])
    def action(modeladmin, request, queryset):
        label = str(modeladmin.opts.get_field(field).verbose_name)
        changed = [obj for obj in queryset if getattr(obj, field) != value]
        for obj in changed:
            setattr(obj, field, value)
            obj.save(update_fields=[field])
            modeladmin.log_change(request, obj, [{"changed": {"fields": [label]}}])
        modeladmin.message_user(request, done % {"count": len(changed)}, messages.SUCCESS)

    action.__name__ = f"set_{field}_{'on' if value else 'off'}"
    return action


PUBLISH_ACTIONS = [
    flag_action("published", True, _("Publiceren"), _("%(count)s gepubliceerd.")),
    flag_action(
        "published",
        False,
        _("Van de site halen (niet verwijderen)"),
        _("%(count)s van de site gehaald."),
    ),
]
ARCHIVE_ACTIONS = [
    flag_action("archived", True, _("Archiveren (niet verwijderen)"), _("%(count)s gearchiveerd.")),
    flag_action(
        "archived", False, _("Uit het archief halen"), _("%(count)s uit het archief gehaald.")
    ),
]
