"""The funnel's figures as a download for the admin: counts only, never a person."""

from django.core.exceptions import PermissionDenied

from . import funnel_report
from .matrix import period


def funnel_csv(request):
    """Visits, form views and leads per day, page, tone and channel: counts only."""
    if not request.user.has_perm("personas.view_results"):
        raise PermissionDenied
    _form, start, end = period(request.GET)
    return funnel_report.funnel_csv(start, end)
