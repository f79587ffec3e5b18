"""The CSV export of the lead changelist: streamed, logged first, one row per person."""

import csv
import itertools

from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from programmes.models import Programme

from .csv_cells import Echo, neutralise
from .models import EDUCATION_CHOICES, Consent, ExportLog, Lead, Submission

CHUNK = 5000
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
LEAD_FIELDS = ["id", "first_name", "last_name", "email", "phone", "status", "created_at", "notes"]
ATTRIBUTION = ["landing_path", "page_path", "referrer_host", "channel__name", "first_utm_source",
               "first_utm_medium", "first_utm_campaign", "utm_source", "utm_medium",
               "utm_campaign", "utm_content", "utm_term"]  # fmt: skip
SUBMISSION_FIELDS = [
    "id", "lead_id", "created_at", "target_group__name", "persona__name", "tone__name",
    "intent", "event__title", "education", "employer", "employer_is_mkb", "hours_per_week",
    "preferred_start", "message", *ATTRIBUTION,
]  # fmt: skip


def local(moment, zone):
    return moment.astimezone(zone).isoformat(timespec="seconds") if moment else ""


def labels(choices):
    return {value: str(label) for value, label in choices}


def batches(leads):
    """Each lead with its latest submission, number of submissions, programmes and consents.

    Plain values a chunk at a time instead of model instances with prefetches: an export of
    100,000 leads would otherwise build half a million objects.
    """
    degrees = labels(Programme.Degree.choices)
    rows = leads.values_list(*LEAD_FIELDS).iterator(chunk_size=CHUNK)
    while batch := list(itertools.islice(rows, CHUNK)):
        ids = [lead[0] for lead in batch]
        latest, counts, named, consents = {}, {}, {}, {}
        submissions = Submission.objects.filter(lead_id__in=ids).order_by("lead_id", "-created_at")
        for submission in submissions.values(*SUBMISSION_FIELDS):
            counts[submission["lead_id"]] = counts.get(submission["lead_id"], 0) + 1
            latest.setdefault(submission["lead_id"], submission)
        through = Submission.programmes.through.objects.filter(submission__lead_id__in=ids)
        for lead_id, degree, name in through.values_list(
            "submission__lead_id", "programme__degree", "programme__name"
        ):
            named.setdefault(lead_id, set()).add(f"{degrees[degree]} {name}")
        answers = Consent.objects.filter(submission_id__in=[s["id"] for s in latest.values()])
        for submission_id, purpose, given, version in answers.values_list(
            "submission_id", "purpose", "given", "privacy_version"
        ):
            consents.setdefault(submission_id, {})[purpose] = (given, version)
        for lead in batch:
            latest_one = latest.get(lead[0], {})
            yield (lead, latest_one, counts.get(lead[0], 0), named.get(lead[0], ()),
                   consents.get(latest_one.get("id"), {}))  # fmt: skip


def row(lead, s, count, programmes, given, display):
    _id, first_name, last_name, email, phone, status, created_at, notes = lead
    version = next(iter(given.values()))[1] if given else ""
    values = [
        first_name, last_name, email, phone, display["status"].get(status, status),
        local(created_at, display["zone"]), local(s.get("created_at"), display["zone"]), count,
        s.get("target_group__name") or "",
        s.get("persona__name") or "", s.get("tone__name") or "", ", ".join(sorted(programmes)),
        display["intent"].get(s.get("intent"), ""), s.get("event__title") or "",
        display["education"].get(s.get("education"), ""), s.get("employer", ""),
        YES_NO[s.get("employer_is_mkb")], s.get("hours_per_week") or "",
        s.get("preferred_start", ""), s.get("message", ""),
        *[YES_NO[given[p][0]] if p in given else "" for p in CONSENTS],
        version, *[s.get(field) or "" for field in ATTRIBUTION], notes,
    ]  # fmt: skip
    return [neutralise(value) for value in values]


def stream(leads, delimiter):
    writer = csv.writer(Echo(), delimiter=delimiter, lineterminator="\r\n")
    display = {
        "status": labels(Lead.Status.choices),
        "intent": labels(Submission.Intent.choices),
        "education": labels(EDUCATION_CHOICES),
        "zone": timezone.get_current_timezone(),
    }
    yield "\ufeff" + writer.writerow(COLUMNS)
    for lead, latest, count, programmes, given in batches(leads):
        yield writer.writerow(row(lead, latest, count, programmes, given, display))


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
        response = StreamingHttpResponse(
            (line.encode("utf-8") for line in stream(leads.prefetch_related(None), delimiter)),
            content_type="text/csv; charset=utf-8",
        )
        filename = f"leads-{timezone.localdate():%Y-%m-%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    return view
