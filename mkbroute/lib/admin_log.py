"""The admin's history of people's data by id: it keeps "lead 12", never the person's name.

Django's log stores str(obj) of each object staff add, change or delete, and str() of each
row of an inline in the change message; a person's name would stay there for years, after
their lead is gone. Lists and forms still show str(): only what the log keeps changes.
"""

import json

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType


def log_repr(obj):
    """How the log names an object that is (or belongs to) a person: its kind and id."""
    return f"{obj._meta.verbose_name} {obj.pk}"


def inline_rows(formsets):
    """The inline rows a change message names, in the order Django names them."""
    for formset in formsets or ():
        yield from formset.new_objects
        yield from (row for row, _fields in formset.changed_objects)
        yield from formset.deleted_objects


class LogsById:
    """ModelAdmin mixin for models whose str() names a person (see PERSONAL_DATA in
    mkbroute/admin_site.py): the log names them, and the rows of their inlines, by id."""

    def log(self, request, objs, flag, message=""):
        if isinstance(message, list):
            message = json.dumps(message)
        entries = [
            LogEntry(
                user_id=request.user.pk,
                content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
                object_id=str(obj.pk),
                object_repr=log_repr(obj),
                action_flag=flag,
                change_message=message,
            )
            for obj in objs
        ]
        return LogEntry.objects.bulk_create(entries)

    def log_addition(self, request, obj, message):
        return self.log(request, [obj], ADDITION, message)[0]

    def log_change(self, request, obj, message):
        return self.log(request, [obj], CHANGE, message)[0]

    def log_deletions(self, request, queryset):
        return self.log(request, queryset, DELETION)

    def construct_change_message(self, request, form, formsets, add=False):
        message = super().construct_change_message(request, form, formsets, add)
        rows = inline_rows(formsets)
        for entry in message:
            for detail in entry.values():
                if "object" in detail:
                    detail["object"] = log_repr(next(rows))
        return message
