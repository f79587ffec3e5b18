"""What a staff member's browser sends an admin list that Django's admin does not check: a
number too large for a date or the database in a filter, an id of a made-up kind in an
action's selection. Hand-made addresses and forms, never the admin's own; answered with the
admin's own Dutch messages rather than a server error."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext as _


def guard_input(model_admin):
    """Put these checks on a registered admin, unless it has a list or actions of its own."""
    kind = type(model_admin)
    if kind.get_changelist is admin.ModelAdmin.get_changelist:
        model_admin.get_changelist = filtered_changelist
    if kind.response_action is admin.ModelAdmin.response_action:
        model_admin.response_action = checked_selection(model_admin.response_action)


class FilteredChangeList(ChangeList):
    """Django's list, where a number in the address too large for a date or for the database
    (?created_at__year=999…, ?id__in=1,999…) is a filter the list cannot use, as a made-up
    value is: Django sends it to ?e=1, where templates/admin/change_list.html says so. Django
    does that for a ValueError only; an OverflowError was a server error."""

    def __init__(self, *args, **kwargs):
        try:
            super().__init__(*args, **kwargs)
        except OverflowError as error:
            raise IncorrectLookupParameters(error) from error


def filtered_changelist(request, **kwargs):
    return FilteredChangeList


def checked_selection(response_action):
    """response_action(request, queryset) that first checks the ids the action is for: one that
    cannot be an id ("abc", a number past the database's) changes nothing and is said."""

    def checked(request, queryset):
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if not all(usable_id(queryset.model, value) for value in selected):
            said = _("De selectie noemt iets wat niet in deze lijst staat. Er is niets veranderd.")
            messages.error(request, said)
            return None  # the admin goes back to the list, as after an action it did not take
        return response_action(request, queryset)

    return checked


def usable_id(model, value):
    pk = model._meta.pk
    try:
        value = pk.to_python(value)
    except ValidationError:
        return False
    limits = connection.ops.integer_field_ranges.get(pk.get_internal_type())
    return limits is None or limits[0] <= value <= limits[1]
