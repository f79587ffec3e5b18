"""Admin pages that combine apps: the results page (the matrix with its figures, and the
werkplekken against the people without one)."""

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from employers import worklist
from mkbroute.lib.charts import bar_chart, line_chart, paired_bar_chart
from mkbroute.lib.content import content_version
from mkbroute.lib.spreadsheets import FORMATS
from results import funnel_report, matrix, period


def results(admin_site):
    def view(request):
        if not request.user.has_perm("personas.view_results"):
            raise PermissionDenied
        form, start, end = matrix.period(request.GET)
        figures = period.figures(start, end)
        if request.GET.get("format") in FORMATS:
            return matrix.matrix_export(request.GET, start, end, figures.cells)
        pages = funnel_report.per_persona_page(figures.pages)
        weeks = matrix.weeks_in(start, end)
        starts, series = matrix.weekly_by_persona(weeks, today=end, counts=figures.weekly)
        week_labels = [f"{week:%d-%m}" for week in starts]
        weekly_title = _("Leads per week per persona, van %(start)s tot en met %(end)s") % {
            "start": f"{start:%d-%m-%Y}",
            "end": f"{end:%d-%m-%Y}",
        }
        weekly = line_chart(week_labels, list(series.items()), title=weekly_title)
        per_status = bar_chart(
            matrix.funnel(figures.statuses), title=_("Leads per status in de periode")
        )
        funnel_csv = reverse("admin:funnel_csv")
        context = {
            **admin_site.each_context(request),
            "title": _("Communicatiematrix met resultaten"),
            "form": form,
            "start": start,
            "end": end,
            "folded_at": figures.folded_at,
            "matrix": funnel_report.add_visits(matrix.build_matrix(figures.cells), figures.pages),
            "persona_pages": pages,
            "persona_chart": funnel_report.chart(pages),
            "funnel_csv": f"{funnel_csv}?van={start:%Y-%m-%d}&tot={end:%Y-%m-%d}",
            "weekly": weekly,
            "funnel": per_status,
            "series": series,
            "weekly_rows": list(zip(starts, *series.values(), strict=True)),
            **places_per_region(request, figures),
        }
        return TemplateResponse(request, "admin/results/results.html", context)

    return view


def places_per_region(request, figures):
    """Open places against people without one, per programme and region: for admissions.

    Counting the people without a place reads every submission (hundreds of milliseconds
    at 100,000 leads), so the table is kept as the results' figures are, until the next
    fold; and until a place or employer changes, which shows at once (the content version)."""
    if not request.user.has_perm("employers.view_werkplek"):
        return {}
    key = f"results:places:{period.SHAPE}:{figures.fold}:{content_version()}"
    table = cache.get(key)
    if table is None:
        table = worklist.supply_and_demand()
        cache.set(key, table, period.KEEP_SECONDS)
    totals = worklist.totals_per_programme(table)
    chart = paired_bar_chart(
        totals,
        [_("Open werkplekken"), _("Mensen zonder werkplek")],
        title=_("Open werkplekken en mensen zonder werkplek, per opleiding"),
        chart_id="werkplekken",
    )
    return {"places_table": table, "places_chart": chart}
