"""Admissions' pages in the admin: proposing a person for a place, and the worklist."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from leads.models import ExportLog, Lead
from leads.starts import start_label
from mkbroute.lib import geo
from mkbroute.lib.spreadsheets import FORMATS, Column, Kind, chosen_format, spreadsheet_response

from . import matching, worklist
from .models import SHARED, Introduction, NoConsent, Werkplek


def propose_view(admin_site):
    def view(request, lead_id, werkplek_id):
        if not request.user.has_perms(["employers.add_introduction", "leads.view_lead"]):
            raise PermissionDenied
        lead = get_object_or_404(Lead, pk=lead_id)
        werkplek = get_object_or_404(Werkplek.objects.select_related("employer"), pk=werkplek_id)
        back = redirect("admin:leads_lead_change", lead.pk)
        if request.method == "POST":
            try:
                introduction, created = Introduction.propose(lead, werkplek, request.user)
            except NoConsent:
                messages.error(request, no_consent_message())
                return back
            if created:
                messages.success(
                    request,
                    _("Voorgesteld aan %(employer)s; de contactpersoon krijgt een mail.")
                    % {"employer": werkplek.employer.name},
                )
            else:
                messages.info(request, _("Deze persoon was al voorgesteld voor deze werkplek."))
            return redirect("admin:employers_introduction_change", introduction.pk)
        context = {
            **admin_site.each_context(request),
            "title": _("Voorstellen aan de werkgever"),
            "lead": lead,
            "werkplek": werkplek,
            "shared": [label for _key, label in SHARED],
        }
        return TemplateResponse(request, "admin/employers/propose.html", context)

    return view


def no_consent_message():
    return _(
        "Niet voorgesteld: deze persoon heeft geen (per mail bevestigde) toestemming gegeven om "
        "gegevens met werkgevers te delen. Vraag eerst om toestemming."
    )


def worklist_view(admin_site):
    def view(request):
        if not request.user.has_perms(["leads.view_lead", "employers.view_werkplek"]):
            raise PermissionDenied
        if request.GET.get("format") in FORMATS:
            return worklist_export(request)
        context = {
            **admin_site.each_context(request),
            "title": _("Zonder werkplek"),
            "groups": worklist.groups(),
            "without_answer": worklist.without_answer(),
            "awaiting_answer": Introduction.objects.awaiting_answer().count(),
            "highlight_weeks": worklist.HIGHLIGHT_WEEKS,
            "radius": matching.RADIUS_KM,
            "to_check": worklist.places_to_check(),
        }
        return TemplateResponse(request, "admin/employers/worklist.html", context)

    return view


COLUMNS = [
    Column("Start", width=18),
    Column("Voornaam"),
    Column("Achternaam"),
    Column("E-mail", width=30),
    Column("Telefoon", Kind.PHONE),
    Column("Postcode", width=9),
    Column("Plaats"),
    Column("Opleidingen", width=40),
    Column("Uren per week", Kind.NUMBER),
    Column("Sinds", Kind.MOMENT),
]


def worklist_rows():
    submissions = (
        worklist.waiting()
        .select_related("lead")
        .prefetch_related("programmes")
        .order_by("preferred_start", "created_at")
    )
    for submission in submissions.iterator(chunk_size=2000):
        area = geo.lookup(submission.postcode) if submission.postcode else None
        lead = submission.lead
        yield [
            start_label(submission.preferred_start),
            lead.first_name,
            lead.last_name,
            lead.email,
            lead.phone,
            submission.postcode,
            area.place if area else "",
            ", ".join(p.name for p in submission.programmes.all()),
            submission.hours_per_week,
            submission.created_at,
        ]


def worklist_export(request):
    """The whole worklist in the conventions of the lead export: ?format=csv or xlsx, and
    written in the export log like every export of personal data."""
    format, delimiter = chosen_format(request.GET.copy())
    ExportLog.objects.create(
        user=request.user,
        username=request.user.get_username(),
        row_count=worklist.waiting().count(),
        what="zonder werkplek",
        format=format,
    )
    filename = f"zonder-werkplek-{timezone.localdate():%Y-%m-%d}"
    return spreadsheet_response(
        filename, COLUMNS, worklist_rows(), format, delimiter, sheet="Zonder werkplek"
    )
