"""The CSV export of the lead changelist: streamed, logged first, one row per person."""

import csv

from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from .csv_cells import Echo, neutralise
from .models import ExportLog, Submission

CHUNK = 2000
DELIMITERS = {"semicolon": ";", "comma": ","}
YES_NO = {True: "ja", False: "nee", None: ""}
CONSENTS = ("contact", "newsletter", "partners")

COLUMNS = [
    "Voornaam", "Achternaam", "E-mail", "Telefoon", "Status", "Eerste contact",
    "Laatste inzending", "Aantal inzendingen", "Doelgroep", "Persona", "Toon", "Opleidingen",
    "Vraag", "Activiteit", "Hoogste opleiding", "Werkgever", "Werkgever is mkb",
    "Uren per week", "Gewenste start", "Bericht", "Toestemming contact",
    "Toestemming nieuwsbrief", "Toestemming delen met werkgevers",
    "Versie privacyverklaring", "Eerste pagina", "Pagina formulier", "Verwijzende site",
    "Kanaal", "utm_source (eerste)", "utm_medium (eerste)", "utm_campaign (eerste)",
    "utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term", "Notities",
]  # fmt: skip


def local(moment):
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else ""


def row(lead):
    submissions = list(lead.submissions.all())  # prefetched, latest first
    s = submissions[0] if submissions else Submission()
    programmes = sorted({str(p) for sub in submissions for p in sub.programmes.all()})
    consents = {c.purpose: c for c in s.consents.all()} if s.pk else {}
    version = next(iter(consents.values())).privacy_version if consents else ""
    values = [
        lead.first_name, lead.last_name, lead.email, lead.phone, lead.get_status_display(),
        local(lead.created_at), local(s.created_at if s.pk else None), len(submissions),
        s.target_group or "", s.persona or "", s.tone or "", ", ".join(programmes),
        s.get_intent_display() if s.intent else "", s.event or "", s.get_education_display(),
        s.employer, YES_NO[s.employer_is_mkb], s.hours_per_week or "", s.preferred_start,
        s.message, *[YES_NO[consents[p].given] if p in consents else "" for p in CONSENTS],
        version, s.landing_path, s.page_path, s.referrer_host, s.channel or "",
        s.first_utm_source, s.first_utm_medium, s.first_utm_campaign, s.utm_source,
        s.utm_medium, s.utm_campaign, s.utm_content, s.utm_term, lead.notes,
    ]  # fmt: skip
    return [neutralise(value) for value in values]


def stream(leads, delimiter):
    writer = csv.writer(
        Echo(), delimiter=delimiter, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n"
    )
    yield "\ufeff" + writer.writerow(COLUMNS)
    for lead in leads:
        yield writer.writerow(row(lead))


def for_export(queryset):
    submissions = (
        Submission.objects.select_related("target_group", "persona", "tone", "event", "channel")
        .prefetch_related("programmes", "consents")
        .order_by("-created_at")
    )
    return queryset.prefetch_related(Prefetch("submissions", queryset=submissions))


def export_view(model_admin):
    def view(request):
        if not model_admin.has_export_permission(request):
            raise PermissionDenied
        query = request.GET.copy()
        delimiter = DELIMITERS.get(query.pop("delimiter", ["semicolon"])[-1], ";")
        request.GET = query  # the changelist sees exactly its own filters and search
        try:
            leads = model_admin.get_changelist_instance(request).get_queryset(request)
        except IncorrectLookupParameters:
            return redirect(reverse("admin:leads_lead_changelist") + "?e=1")
        ExportLog.objects.create(
            user=request.user, username=request.user.get_username(),
            filters=query.urlencode(), row_count=leads.count(),
        )  # fmt: skip
        rows = for_export(leads.prefetch_related(None)).iterator(chunk_size=CHUNK)
        response = StreamingHttpResponse(
            (line.encode("utf-8") for line in stream(rows, delimiter)),
            content_type="text/csv; charset=utf-8",
        )
        filename = f"leads-{timezone.localdate():%Y-%m-%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    return view
