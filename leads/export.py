"""The CSV export of the lead changelist: streamed, logged first, one row per person."""

import csv
import itertools

from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Max, When
from django.db.models.functions import Cast
from django.http import StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from programmes.models import Programme

from .csv_cells import Echo, neutralise
from .models import EDUCATION_CHOICES, Consent, ExportLog, Lead, Submission

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
LEAD_FIELDS = ["id", "first_name", "last_name", "email", "phone", "status", "created_at", "notes"]
# The latest submission's columns, in the order of COLUMNS (after the consent columns: these).
SUBMISSION_FIELDS = [
    "id", "lead_id", "created_at", "target_group__name", "persona__name", "tone__name",
    "intent", "event__title", "education", "employer", "employer_is_mkb", "hours_per_week",
    "preferred_start", "message",
]  # fmt: skip
ATTRIBUTION = ["landing_path", "page_path", "referrer_host", "channel__name", "first_utm_source",
               "first_utm_medium", "first_utm_campaign", "utm_source", "utm_medium",
               "utm_campaign", "utm_content", "utm_term"]  # fmt: skip
SUBMISSIONS = Submission._meta.db_table
PROGRAMMES = Submission.programmes.through._meta.db_table
CONSENTS_TABLE = Consent._meta.db_table
# One row per submission with its three answers, summed up by the database (1, 0 or None).
ANSWERS = {
    purpose: Max(Case(When(purpose=purpose, then=Cast("given", IntegerField()))))
    for purpose in CONSENTS
}
NO_SUBMISSION = (None,) * (len(SUBMISSION_FIELDS) + len(ATTRIBUTION))


def labels(choices):
    return {value: str(label) for value, label in choices}


def numbers(ids):
    """Ids from the database as an SQL list of integers. Django's own IN lookup prepares each
    of thousands of ids one by one, which cost a fifth of the whole export."""
    return "(" + (",".join(str(int(pk)) for pk in ids) or "0") + ")"


def batches(leads):
    """Each lead with its latest submission, number of submissions, programmes and consents.

    Plain tuples a chunk at a time instead of model instances with prefetches: an export of
    100,000 leads would otherwise build half a million objects.
    """
    degrees = labels(Programme.Degree.choices)
    rows = leads.values_list(*LEAD_FIELDS).iterator(chunk_size=CHUNK)
    while batch := list(itertools.islice(rows, CHUNK)):
        in_ids = numbers(lead[0] for lead in batch)
        latest, counts, named, consents, lead_of = {}, {}, {}, {}, {}
        submissions = Submission.objects.extra(where=[f"{SUBMISSIONS}.lead_id IN {in_ids}"])
        for submission in submissions.order_by("lead_id", "-created_at").values_list(
            *SUBMISSION_FIELDS, *ATTRIBUTION
        ):
            lead_id = lead_of[submission[0]] = submission[1]
            counts[lead_id] = counts.get(lead_id, 0) + 1
            latest.setdefault(lead_id, submission)
        through = Submission.programmes.through.objects.extra(
            where=[f"{PROGRAMMES}.submission_id IN {numbers(lead_of)}"]
        )
        for submission_id, degree, name in through.values_list(
            "submission_id", "programme__degree", "programme__name"
        ):
            named.setdefault(lead_of[submission_id], set()).add(f"{degrees[degree]} {name}")
        answers = (
            Consent.objects.extra(
                where=[
                    f"{CONSENTS_TABLE}.submission_id IN {numbers(s[0] for s in latest.values())}"
                ]
            )
            .values_list("submission_id")
            .annotate(version=Max("privacy_version"), **ANSWERS)
            .order_by()
        )
        for submission_id, version, *given in answers:
            consents[submission_id] = (version, given)
        for lead in batch:
            s = latest.get(lead[0], NO_SUBMISSION)
            answers = consents.get(s[0], ("", (None, None, None)))
            yield lead, s, counts.get(lead[0], 0), named.get(lead[0], ()), answers


def row(lead, s, count, programmes, answers, display):
    _id, first_name, last_name, email, phone, status, created_at, notes = lead
    (_sid, _lead, submitted, group, persona, tone, intent, event, education, employer,
     employer_is_mkb, hours, start, message) = s[: len(SUBMISSION_FIELDS)]  # fmt: skip
    zone = display["zone"]
    values = [
        first_name, last_name, email, phone, display["status"].get(status, status),
        created_at.astimezone(zone).isoformat(timespec="seconds"),
        submitted.astimezone(zone).isoformat(timespec="seconds") if submitted else "",
        count, group, persona, tone, ", ".join(sorted(programmes)),
        display["intent"].get(intent, ""), event, display["education"].get(education, ""),
        employer, YES_NO[employer_is_mkb], hours, start, message,
        *[YES_NO[given] for given in answers[1]], answers[0],
        *s[len(SUBMISSION_FIELDS):], notes,
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
    for lead, latest, count, programmes, answers in batches(leads):
        yield writer.writerow(row(lead, latest, count, programmes, answers, display))


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
