"""The communication matrix with its results, and the dashboard: an admin page, counts only."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from leads import results as counts

from .chart import bar_chart, line_chart
from .models import Channel, MatrixCell, TargetGroup


class PeriodForm(forms.Form):
    van = forms.DateField(label=_("Van"), widget=forms.DateInput(attrs={"type": "date"}))
    tot = forms.DateField(label=_("Tot en met"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("van") and data.get("tot") and data["van"] > data["tot"]:
            raise forms.ValidationError(_("De begindatum ligt na de einddatum."))
        return data


def period(query):
    today = timezone.localdate()
    default = {"van": counts.recruitment_year_start(today), "tot": today}
    form = PeriodForm(query or None, initial=default)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["van"], form.cleaned_data["tot"]
    return form, default["van"], default["tot"]


def build_matrix(start, end):
    groups = list(TargetGroup.objects.order_by("order", "name"))
    channels = list(Channel.objects.order_by("name"))
    plans = {(c.target_group_id, c.channel_id): c for c in MatrixCell.objects.all()}
    cells, row_totals, column_totals, total = counts.leads_per_cell(start, end)
    if any(key[1] is None for key in cells):
        channels.append(Channel(name=str(_("Geen kanaal bekend"))))
    if any(key[0] is None for key in cells):
        groups.append(TargetGroup(name=str(_("Geen doelgroep bekend"))))
    rows = []
    for group in groups:
        row = []
        for channel in channels:
            leads = cells.get((group.pk, channel.pk), 0)
            plan = plans.get((group.pk, channel.pk))
            row.append({"plan": plan, "leads": leads,
                        "unplanned": leads > 0 and plan is None and channel.pk is not None,
                        "quiet": plan is not None and leads == 0})  # fmt: skip
        rows.append({"group": group, "cells": row, "total": row_totals.get((group.pk), 0)})
    columns = [column_totals.get(channel.pk, 0) for channel in channels]
    return {"channels": channels, "rows": rows, "column_totals": columns, "total": total}


def results_view(admin_site):
    def view(request):
        if not request.user.has_perm("personas.view_results"):
            raise PermissionDenied
        form, start, end = period(request.GET)
        starts, series = counts.weekly_by_persona()
        context = {
            **admin_site.each_context(request),
            "title": _("Communicatiematrix met resultaten"),
            "form": form,
            "start": start,
            "end": end,
            "matrix": build_matrix(start, end),
            "weekly": mark_safe(line_chart(
                [f"{week:%d-%m}" for week in starts], list(series.items()),
                title=str(_("Leads per week per persona, laatste 26 weken")))),
            "funnel": mark_safe(bar_chart(
                counts.funnel(start, end), title=str(_("Leads per status in de periode")))),
            "series": series,
            "weekly_rows": list(zip(starts, *series.values(), strict=True)),
        }  # fmt: skip
        return TemplateResponse(request, "admin/personas/matrix_results.html", context)

    return view
