from django.contrib import admin
from django.db import models
from django.urls import path
from django.utils.translation import gettext_lazy as _

from leads import outbox

from . import mails
from .admin_views import propose_view
from .models import Employer, EmployerSection, Introduction, Werkplek


def move_action(status):
    def action(modeladmin, request, queryset):
        for obj in queryset:
            obj.move_to(status, request.user)
            obj.save()

    action.__name__ = f"move_to_{status.value}"
    action.short_description = _("Status: %(label)s") % {"label": status.label}
    return action


class WerkplekInline(admin.TabularInline):
    model = Werkplek
    extra = 0
    fields = ["title", "hours_per_week", "places", "status", "open_until"]
    show_change_link = True


class TracksStatus:
    """Whoever moves the status in the admin is recorded with the moment."""

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data or not change:
            obj.move_to(obj.status, request.user)
        super().save_model(request, obj, form, change)


@admin.register(Employer)
class EmployerAdmin(TracksStatus, admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "place", "province", "employees", "mkb", "status", "status_changed_at"]
    list_filter = ["status", "sector", "province"]
    search_fields = ["name", "kvk_number", "place"]
    readonly_fields = [
        "province",
        "status_changed_at",
        "status_changed_by",
        "created_at",
        "notice_mail",
    ]
    fieldsets = [
        (None, {"fields": ["name", "kvk_number", "sector", "employees", "website"]}),
        (_("Vestiging"), {"fields": ["place", "pc4", "province"]}),
        (
            _("Contactpersoon"),
            {"fields": ["contact_name", "contact_role", "contact_email", "contact_phone"]},
        ),
        (
            _("Screening"),
            {
                "fields": [
                    "status",
                    "status_changed_at",
                    "status_changed_by",
                    "created_at",
                    "notice_mail",
                    "notes",
                ]
            },
        ),
    ]
    inlines = [WerkplekInline]
    actions = [move_action(status) for status in Employer.Status]

    # A notice that never reached admissions shows here, where they find the registration.
    @admin.display(description=_("melding aan toelating"))
    def notice_mail(self, employer):
        return outbox.summary_of(mails.registration_notice, employer.pk) if employer.pk else "–"

    @admin.display(boolean=True, description=_("mkb (< 250)"))
    def mkb(self, employer):
        return employer.is_mkb


@admin.register(Werkplek)
class WerkplekAdmin(admin.ModelAdmin):
    list_display = ["title", "employer", "place", "hours_per_week", "status", "open_until"]
    list_filter = ["status", "province", "programmes", "employer__status"]
    list_select_related = ["employer"]
    search_fields = ["title", "employer__name", "place"]
    autocomplete_fields = ["employer"]
    filter_horizontal = ["programmes", "intakes"]
    readonly_fields = ["province", "created_at"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Introduction)
class IntroductionAdmin(TracksStatus, admin.ModelAdmin):
    list_display = ["lead", "werkplek", "status", "proposed_at", "status_changed_at"]
    list_filter = ["status"]
    list_select_related = ["lead", "werkplek__employer"]
    search_fields = ["werkplek__title", "werkplek__employer__name"]
    fields = [
        "lead",
        "werkplek",
        "status",
        "declined_by",
        "decline_reason",
        "shared",
        "introduction_mail",
        "proposed_by",
        "proposed_at",
        "met_at",
        "agreed_at",
        "signed_at",
        "declined_at",
        "status_changed_at",
        "status_changed_by",
    ]
    readonly_fields = [f for f in fields if f not in ("status", "declined_by", "decline_reason")]

    def has_add_permission(self, request):
        return False  # proposed from the lead's page, where the consent is checked

    @admin.display(description=_("mail aan de werkgever"))
    def introduction_mail(self, introduction):
        return outbox.summary_of(mails.introduction, introduction.pk)

    def get_urls(self):
        propose = self.admin_site.admin_view(propose_view(self.admin_site))
        route = "voorstellen/<int:lead_id>/<int:werkplek_id>/"
        return [path(route, propose, name="employers_propose"), *super().get_urls()]


@admin.register(EmployerSection)
class EmployerSectionAdmin(admin.ModelAdmin):
    list_display = ["heading", "order", "published"]
    list_editable = ["order", "published"]
