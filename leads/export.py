"""The export of the lead changelist, as CSV or .xlsx: one table of columns, one streamed
query, logged first."""

from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain

from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.db.models import (
    Aggregate,
    Case,
    CharField,
    Expression,
    F,
    FilteredRelation,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat
from django.db.models.sql.constants import MULTI
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from mkbroute.lib.spreadsheets import Kind, chosen_format, spreadsheet_response
from programmes.models import Programme

from .models import (
    EDUCATION_CHOICES,
    Consent,
    ExportLog,
    Lead,
    Submission,
    SubmissionProgramme,
)

CHUNK = 2000
YES_NO = {True: "ja", False: "nee", None: ""}
# Joins a lead's programmes in one database value; no programme name holds this control byte.
SEPARATOR = "\x1f"


class JoinedText(Aggregate):
    """The texts of a group joined by SEPARATOR: STRING_AGG on PostgreSQL, GROUP_CONCAT on
    SQLite. Django 5.2 has no string aggregate for both (StringAgg is PostgreSQL only)."""

    function = "STRING_AGG"
    output_field = TextField()

    def __init__(self, expression):
        super().__init__(expression, Value(SEPARATOR))

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


LATEST_FIRST = Submission.objects.filter(lead=OuterRef("pk")).order_by("-created_at", "-pk")


def relations():
    """The relations the columns read besides the lead's own: their latest submission as
    `latest`, and that submission's answer per consent purpose as `consent_<purpose>`.

    New objects for every query: Django writes its join aliases into a FilteredRelation.
    """
    latest = Q(submissions__pk=Subquery(LATEST_FIRST.values("pk")[:1]))
    return {
        "latest": FilteredRelation("submissions", condition=latest),
        **{
            f"consent_{purpose}": FilteredRelation(
                "latest__consents", condition=Q(latest__consents__purpose=purpose)
            )
            for purpose in Consent.Purpose.values
        },
    }


# COUNT without GROUP BY, so that a lead without submissions gets 0 rather than no row.
SUBMISSION_COUNT = Subquery(
    Submission.objects.filter(lead=OuterRef("pk"))
    .order_by()
    .annotate(count=Func(F("pk"), function="COUNT", output_field=IntegerField()))
    .values("count")
)
# "degree name" of every programme in any of the person's submissions; labelled in Python.
PROGRAMMES = Subquery(
    SubmissionProgramme.objects.filter(submission__lead=OuterRef("pk"))
    .order_by()
    .values("submission__lead")
    .annotate(names=JoinedText(Concat("programme__degree", Value(" "), "programme__name")))
    .values("names")
)
# Submission.record stores all answers of one submit at once, on one version.
PRIVACY_VERSION = Coalesce(
    *(f"consent_{purpose}__privacy_version" for purpose in Consent.Purpose.values)
)


def consent_state(purpose):
    """ja, nee, wacht op bevestiging (newsletter and sharing count once confirmed by mail) or
    ingetrokken, for the latest submission's answer."""
    answer = f"consent_{purpose}"
    states = [
        When(**{f"{answer}__withdrawn_at__isnull": False}, then=Value("ingetrokken")),
        When(**{f"{answer}__given": False}, then=Value("nee")),
    ]
    if purpose in Consent.CONFIRMED_BY_MAIL:
        waiting = {f"{answer}__given": True, f"{answer}__confirmed_at__isnull": True}
        states.append(When(**waiting, then=Value("wacht op bevestiging")))
    states.append(When(**{f"{answer}__given": True}, then=Value("ja")))
    return Case(*states, default=Value(""), output_field=CharField())


# Formats: each is called once per export (in its language) and returns the function that
# turns a database value into the column's value. The writer in mkbroute.lib.spreadsheets then
# writes it as its kind: text never as a formula, moments in the local time zone.
def yes_no():
    return YES_NO.__getitem__


class Labels(dict):
    """Codes to labels; a code without one (none, or no longer a choice) is shown as it is."""

    def __missing__(self, code):
        return code


def label(choices):
    def format():
        return Labels((code, str(name)) for code, name in choices).__getitem__

    return format


def programme_names():
    degrees = {code: str(name) for code, name in Programme.Degree.choices}

    def cell(joined):
        if not joined:
            return ""
        pairs = (programme.partition(" ") for programme in joined.split(SEPARATOR))
        names = {f"{degrees.get(degree, degree)} {name}" for degree, _space, name in pairs}
        return ", ".join(sorted(names))

    return cell


@dataclass(frozen=True)
class Column:
    """One column of the export: its Dutch header, what it reads, how that is shown, and the
    kind of cell it is written as (see mkbroute.lib.spreadsheets)."""

    header: str
    # A path from the lead ("latest__" is their latest submission) or an expression on it.
    value: str | Expression
    format: Callable[[], Callable[[object], object]] | None = None
    kind: Kind = Kind.TEXT
    width: int | None = None


COLUMNS = [
    Column("Voornaam", "first_name"),
    Column("Achternaam", "last_name"),
    Column("E-mail", "email", width=28),
    Column("Telefoon", "phone", kind=Kind.PHONE),
    Column("Status", "status", label(Lead.Status.choices)),
    Column("Eerste contact", "created_at", kind=Kind.MOMENT),
    Column("Laatste inzending", "latest__created_at", kind=Kind.MOMENT),
    Column("Aantal inzendingen", SUBMISSION_COUNT, kind=Kind.NUMBER),
    Column("Doelgroep", "latest__target_group__name"),
    Column("Persona", "latest__persona__name"),
    Column("Toon", "latest__tone__name"),
    Column("Opleidingen", PROGRAMMES, programme_names, width=40),
    Column("Vraag", "latest__intent", label(Submission.Intent.choices)),
    Column("Activiteit", "latest__event__title"),
    Column("Hoogste opleiding", "latest__education", label(EDUCATION_CHOICES)),
    Column("Werkgever", "latest__employer"),
    Column("Werkgever is mkb", "latest__employer_is_mkb", yes_no),
    Column("Uren per week", "latest__hours_per_week", kind=Kind.NUMBER),
    Column("Gewenste start", "latest__preferred_start"),
    Column("Bericht", "latest__message", width=50),
    Column("Toestemming contact", consent_state("contact")),
    Column("Toestemming nieuwsbrief", consent_state("newsletter")),
    Column("Toestemming delen met werkgevers", consent_state("partners")),
    Column("Versie privacyverklaring", PRIVACY_VERSION),
    Column("Eerste pagina", "latest__landing_path"),
    Column("Pagina formulier", "latest__page_path"),
    Column("Verwijzende site", "latest__referrer_host"),
    Column("Kanaal", "latest__channel__name"),
    Column("utm_source (eerste)", "latest__first_utm_source"),
    Column("utm_medium (eerste)", "latest__first_utm_medium"),
    Column("utm_campaign (eerste)", "latest__first_utm_campaign"),
    Column("utm_source", "latest__utm_source"),
    Column("utm_medium", "latest__utm_medium"),
    Column("utm_campaign", "latest__utm_campaign"),
    Column("utm_content", "latest__utm_content"),
    Column("utm_term", "latest__utm_term"),
    Column("Notities", "notes", width=50),
]


def values(leads):
    """The export's values of the changelist's `leads`, in its order: one query, one tuple a lead.

    The changelist decides which leads (its filters may join submissions, so its ids are a
    subquery); the database finds each lead's latest submission and sums up the rest.
    """
    expressions = {
        f"column_{n}": column.value
        for n, column in enumerate(COLUMNS)
        if not isinstance(column.value, str)
    }
    fields = [
        column.value if isinstance(column.value, str) else f"column_{n}"
        for n, column in enumerate(COLUMNS)
    ]
    chosen = Lead.objects.filter(pk__in=leads.order_by().values("pk"))
    return (
        chosen.annotate(**relations())
        .annotate(**expressions)
        .order_by(*leads.query.order_by)  # the changelist's sorting, on the same model
        .values_list(*fields)
    )


def rows(leads):
    """values(leads) as the database driver returns them, read CHUNK rows at a time.

    The cursor QuerySet.iterator() uses (server-side on PostgreSQL), without Django's
    conversion of each value to its field's type, which was a sixth of the export's time on
    SQLite: the formats take the driver's values as they are (see local_time).
    """
    compiler = values(leads).query.get_compiler(using=leads.db)
    chunks = compiler.execute_sql(MULTI, chunked_fetch=True, chunk_size=CHUNK)
    return chain.from_iterable(chunks)


def formatted(leads):
    """rows(leads), queried once the response is read, with each column's format applied:
    most columns need none, so only those that do are called, which keeps the export near the
    speed of a raw dump."""
    formats = [(n, column.format()) for n, column in enumerate(COLUMNS) if column.format]
    for row in rows(leads):
        row = list(row)
        for n, format in formats:
            row[n] = format(row[n])
        yield row


def export_view(model_admin):
    def view(request):
        if not model_admin.has_export_permission(request):
            raise PermissionDenied
        query = request.GET.copy()
        format, delimiter = chosen_format(query)
        request.GET = query  # the changelist sees exactly its own filters and search
        try:
            leads = model_admin.get_changelist_instance(request).get_queryset(request)
        except IncorrectLookupParameters:
            return redirect(reverse("admin:leads_lead_changelist") + "?e=1")
        ExportLog.objects.create(
            user=request.user,
            username=request.user.get_username(),
            filters=query.urlencode(),
            row_count=leads.count(),
            format=format,
        )
        filename = f"leads-{timezone.localdate():%Y-%m-%d}"
        content = formatted(leads)
        return spreadsheet_response(filename, COLUMNS, content, format, delimiter, sheet="Leads")

    return view
