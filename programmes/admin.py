from django.contrib import admin, messages
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from mkbroute.lib.admin_rows import RowsReadOnce
from mkbroute.lib.in_use import PUBLISH_ACTIONS, KeepInUseAdmin, KeepInUseInline

from .admin_source import ImportRunAdmin, IntakeForm, SourceOwnedAdmin, intake_source
from .models import (
    AdmissionRoute,
    EntranceTestRound,
    Event,
    Exemption,
    Field,
    ImportRun,
    Intake,
    Location,
    OtherCost,
    Programme,
    Scheme,
    Tuition,
)


def date_warnings(today):
    """What has gone stale on today: staff read it above the lists of dated data."""
    warnings = []
    for programme in Programme.objects.published().without_future_intake(today):
        warnings.append(_t("%(name)s heeft geen toekomstig instroommoment.") % {"name": programme})
    for intake in Intake.objects.closed_before_start(today).select_related("programme"):
        warnings.append(
            _t("%(intake)s: de aanmelddeadline (%(date)s) is verstreken.")
            % {"intake": intake, "date": date_format(intake.application_deadline, "j F Y")}
        )
    for scheme in Scheme.objects.ended(today):
        warnings.append(
            _t("De regeling %(name)s is afgelopen en staat nergens meer op de site.")
            % {"name": scheme.name}
        )
    if not EntranceTestRound.objects.filter(registration_deadline__gte=today).exists():
        warnings.append(_t("Er is geen ronde van de 21+-toets meer waarvoor aanmelden kan."))
    return warnings


class DateWarningsAdmin(admin.ModelAdmin):
    """Shows date_warnings above the list, so stale dates are seen where they are edited."""

    def changelist_view(self, request, extra_context=None):
        if request.method == "GET":
            for warning in date_warnings(timezone.localdate()):
                messages.warning(request, warning)
        return super().changelist_view(request, extra_context)


class IntakeInline(RowsReadOnce, KeepInUseInline, admin.TabularInline):
    model = Intake
    row_related = ["programme"]  # an intake is named after its programme
    form = IntakeForm
    extra = 1
    fields = [
        "start_date",
        "applications_open",
        "admission_right_until",
        "application_deadline",
        "interview_by",
        "workplace_by",
        "capacity",
        "registration_closed",
        "is_full",
        "archived",
        intake_source,
    ]
    readonly_fields = [intake_source]


class AdmissionRouteInline(RowsReadOnce, admin.TabularInline):
    model = AdmissionRoute
    row_related = ["programme"]
    extra = 1
    fields = ["diploma", "profiles", "conditions", "workplace_hours", "valid_from", "valid_to"]


class ExemptionInline(admin.TabularInline):
    model = Exemption
    extra = 0
    fields = ["experience", "effect", "contact", "order"]


@admin.register(Programme)
class ProgrammeAdmin(SourceOwnedAdmin, KeepInUseAdmin, DateWarningsAdmin):
    list_display = ["thumbnail", "name", "degree", "field", "published", "order", "source_state"]
    list_display_links = ["thumbnail", "name"]
    list_editable = ["published", "order"]
    list_filter = ["published", "degree", "field", "locations"]
    list_select_related = ["field"]
    search_fields = ["name", "summary", "croho_code"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["locations"]
    inlines = [IntakeInline, AdmissionRouteInline, ExemptionInline]
    actions = PUBLISH_ACTIONS
    fieldsets = [
        (None, {"fields": ["name", "slug", "degree", "field", "croho_code", "published", "order"]}),
        (_("Opzet"), {"fields": ["ec", "duration_years", "study_days", "work_days", "locations"]}),
        (_("Studielast"), {"fields": ["contact_hours", "self_study_hours"]}),
        (_("Tekst"), {"fields": ["summary", "body", "image", "image_alt", "occupation"]}),
        (_("Links"), {"fields": ["school_url", "studielink_url"]}),
        (
            _("Toelating en kosten"),
            {"fields": ["admission_requirements", "entrance_test", "tuition_eur", "tuition_payer"]},
        ),
        (
            _("Werkplek"),
            {"fields": ["workplace_requirements", "workplace_hours", "workplace_supervisor"]},
        ),
    ]

    @admin.display(description=_("afbeelding"))
    def thumbnail(self, programme):
        if not programme.image:
            return "–"
        return format_html('<img src="{}" alt="" width="80">', programme.image.url)


@admin.register(Event)
class EventAdmin(KeepInUseAdmin, admin.ModelAdmin):
    list_display = ["title", "kind", "starts_at", "place", "capacity", "published"]
    list_filter = ["published", "kind", "programmes"]
    search_fields = ["title", "place"]
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["programmes"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    actions = PUBLISH_ACTIONS


@admin.register(Field, Location)
class NameAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Scheme)
class SchemeAdmin(DateWarningsAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "audience", "valid_from", "valid_to", "in_force"]
    list_filter = ["audience"]
    search_fields = ["name", "summary"]

    def get_queryset(self, request):
        in_force = Scheme.objects.valid().filter(pk=OuterRef("pk"))
        return super().get_queryset(request).annotate(valid_now=Exists(in_force))

    @admin.display(boolean=True, description=_("geldt nu"))
    def in_force(self, scheme):
        return scheme.valid_now


@admin.register(EntranceTestRound)
class EntranceTestRoundAdmin(DateWarningsAdmin):
    list_display = ["name", "registration_deadline", "test_date", "fee_eur"]
    date_hierarchy = "test_date"


@admin.register(Tuition)
class TuitionAdmin(DateWarningsAdmin):
    list_display = [
        "__str__",
        "statutory_eur",
        "institutional_eur",
        "expected",
        "valid_from",
        "valid_to",
    ]
    list_filter = ["programme", "expected"]
    list_select_related = ["programme"]


@admin.register(OtherCost)
class OtherCostAdmin(DateWarningsAdmin):
    list_display = [
        "name",
        "programme",
        "amount_eur",
        "per",
        "payer",
        "expected",
        "valid_from",
        "valid_to",
    ]
    list_filter = ["programme", "payer", "expected"]
    list_select_related = ["programme"]


@admin.register(Exemption)
class ExemptionAdmin(admin.ModelAdmin):
    list_display = ["experience", "programme", "effect", "order"]
    list_filter = ["programme"]
    list_select_related = ["programme"]


admin.site.register(ImportRun, ImportRunAdmin)
