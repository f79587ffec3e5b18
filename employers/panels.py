"""What this app adds to the pages of the apps below it (see mkbroute.slots)."""

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from mkbroute.lib.charts import paired_bar_chart

from . import matching, worklist


def fitting_places(request, submission=None):
    """On the thank-you page of someone without an employer: places that fit them, with no
    contact details of the employers (those go through admissions)."""
    if submission is None or submission.has_employer is not False:
        return ""
    profile = matching.Profile.of([submission])
    suggestions = matching.with_places(matching.suggest(profile))
    context = {"suggestions": suggestions, "profile": profile, "radius": matching.RADIUS_KM}
    return mark_safe(render_to_string("employers/includes/fitting_places.html", context, request))


def places_per_region(request, **values):
    """On the results page: open places against people without one, per programme and region."""
    if not request.user.has_perm("employers.view_werkplek"):
        return ""
    table = worklist.supply_and_demand()
    totals = worklist.totals_per_programme(table)
    chart = paired_bar_chart(
        totals,
        [_("Open werkplekken"), _("Mensen zonder werkplek")],
        title=_("Open werkplekken en mensen zonder werkplek, per opleiding"),
        chart_id="werkplekken",
    )
    context = {"table": table, "chart": mark_safe(chart)}
    return mark_safe(
        render_to_string("employers/includes/places_per_region.html", context, request)
    )


def admin_tasks(request, **values):
    """On the admin's start page: what admissions do with employers and places."""
    if not request.user.has_perm("employers.view_employer"):
        return ""
    return mark_safe(render_to_string("employers/includes/admin_tasks.html", {}, request))
