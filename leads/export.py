"""The export of the lead changelist, as CSV or .xlsx: one table of columns, one streamed
query, logged first. The same table says what the lead's admin page shows of each submission."""

from collections.abc import Callable
from dataclasses import dataclass

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
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from mkbroute.lib.queries import driver_rows, ordering
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
from .starts import start_label

CHUNK = 2000
YES_NO = {True: "ja", False: "nee", None: ""}
YES_NO_UNKNOWN = {**YES_NO, None: "onbekend"}
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


def yes_no_unknown():
    return YES_NO_UNKNOWN.__getitem__


class Labels(dict):
    """Codes to labels; a code without one (none, or no longer a choice) is shown as it is."""

    def __missing__(self, code):
        return code


class Starts(dict):
    """Stored starts to how people read them, each worked out once per export: a hundred
    thousand rows hold a handful of different answers, and formatting a month is not free."""

    def __missing__(self, value):
        self[value] = start_label(value)
        return self[value]


def starts():
    return Starts().__getitem__


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
class Shown:
    """One thing admissions see of a person: a column of the export (its Dutch header, what it
    reads, how that is shown, the kind of cell it is written as; see mkbroute.lib.spreadsheets),
    a field of each submission on the lead's admin page (its section there), or both."""

    header: str | None  # None: on the admin page only
    # A path from the lead ("latest__" is their latest submission) or an expression on it.
    value: str | Expression | None = None
    format: Callable[[], Callable[[object], object]] | None = None
    kind: Kind = Kind.TEXT
    width: int | None = None
    field: str | None = None  # the Submission field it shows
    admin: str | None = None  # what the admin shows instead of `field`: a display of its own
    section: str | None = None  # where on the admin page (leads.admin.SECTIONS); None: not there


def latest(header, path, section, **details):
    """A field of the person's latest submission in the export, `path` from the submission
    (through a relation to what names it); on the admin page for every submission."""
    field = path.split("__")[0]
    return Shown(header, f"latest__{path}", field=field, section=section, **details)


# What admissions see of a person, in the export's order: its columns, and the fields of each
# submission on the lead's admin page, grouped there in sections but in this order. Every
# Submission field is here or in NOT_SHOWN (a test checks), so that a new one is not forgotten.
SHOWN = [
    # The person's own details, which a submit never changes (see Lead.for_submit); the admin
    # shows what each submit said, and where that differs.
    Shown("Voornaam", "first_name", field="first_name", section="contact"),
    Shown("Achternaam", "last_name", field="last_name", section="contact"),
    Shown("E-mail", "email", width=28, field="email", section="contact"),
    Shown("Telefoon", "phone", kind=Kind.PHONE, field="phone", section="contact"),
    Shown(None, admin="differences", section="contact"),
    Shown("Status", "status", label(Lead.Status.choices)),
    Shown("Eerste contact", "created_at", kind=Kind.MOMENT),
    latest("Laatste inzending", "created_at", "submit", kind=Kind.MOMENT),
    Shown(None, field="corrects", section="submit"),
    Shown("Aantal inzendingen", SUBMISSION_COUNT, kind=Kind.NUMBER),
    latest("Doelgroep", "target_group__name", "situation"),
    latest("Persona", "persona__name", "situation"),
    latest("Toon", "tone__name", "situation"),
    # The export names the programmes of all the person's submissions, the admin each one's.
    Shown(
        "Opleidingen",
        PROGRAMMES,
        programme_names,
        width=40,
        field="programmes",
        admin="programme_names",
        section="submit",
    ),
    latest("Vraag", "intent", "submit", format=label(Submission.Intent.choices)),
    latest("Activiteit", "event__title", "submit"),
    # A sign-up the person cancelled on their own page: its seat is free again.
    latest("Aanmelding geannuleerd", "cancelled_at", "submit", kind=Kind.MOMENT),
    latest("Hoogste opleiding", "education", "situation", format=label(EDUCATION_CHOICES)),
    latest(
        "Al een mkb-werkgever",
        "has_employer",
        "situation",
        format=yes_no_unknown,
        admin="has_employer_answer",
    ),
    latest("Werkgever", "employer", "situation"),
    latest("Werkgever is mkb", "employer_is_mkb", "situation", format=yes_no),
    latest("Uren per week", "hours_per_week", "situation", kind=Kind.NUMBER),
    latest(
        "Gewenste start",
        "preferred_start",
        "situation",
        format=starts,
        admin="preferred_start_label",
    ),
    latest("Postcode", "postcode", "situation"),
    latest("Bericht", "message", "message", width=50),
    Shown("Toestemming contact", consent_state("contact")),
    Shown("Toestemming nieuwsbrief", consent_state("newsletter")),
    Shown("Toestemming delen met werkgevers", consent_state("partners")),
    Shown("Versie privacyverklaring", PRIVACY_VERSION),
    Shown(None, admin="consent_list", section="consents"),
    latest("Eerste pagina", "landing_path", "origin"),
    latest("Pagina formulier", "page_path", "origin"),
    latest("Verwijzende site", "referrer_host", "origin"),
    latest("Kanaal", "channel__name", "origin"),
    latest("utm_source (eerste)", "first_utm_source", "origin"),
    latest("utm_medium (eerste)", "first_utm_medium", "origin"),
    latest("utm_campaign (eerste)", "first_utm_campaign", "origin"),
    latest("utm_content (eerste)", "first_utm_content", "origin"),
    latest("utm_term (eerste)", "first_utm_term", "origin"),
    latest("utm_source", "utm_source", "origin"),
    latest("utm_medium", "utm_medium", "origin"),
    latest("utm_campaign", "utm_campaign", "origin"),
    latest("utm_content", "utm_content", "origin"),
    latest("utm_term", "utm_term", "origin"),
    Shown("Notities", "notes", width=50),
    # The confirmation mail, from the outbox (leads.admin annotates it).
    Shown(None, admin="mail_status", section="mail"),
    Shown(None, admin="mail_error", section="mail"),
]
# The Submission fields admissions are not shown, and why.
NOT_SHOWN = {
    "id": "the database's own",
    "lead": "the person whose page or row it is",
    "form_token": "with fingerprint, tells the same form sent twice from a correction of it",
    "fingerprint": "see form_token",
    "experiment": "evaluated on the results pages; nothing admissions act on",
    "variant": "see experiment",
}
COLUMNS = [shown for shown in SHOWN if shown.header is not None]


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
        .order_by(*ordering(leads))  # the changelist's sorting, on the same model
        .values_list(*fields)
    )


def rows(leads):
    """values(leads) as the database driver returns them, read CHUNK rows at a time: without
    Django's conversion of each value, which was a sixth of the export's time on SQLite. The
    formats and the spreadsheet writer take the driver's values as they are."""
    return driver_rows(values(leads), CHUNK)


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
