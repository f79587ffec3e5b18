from django.contrib import admin
from django.db import models
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from leads.admin import LeadAdmin
from leads.models import Lead

from . import matching
from .admin_views import propose_view
from .models import Employer, EmployerSection, Introduction, Reply, Werkplek


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
    readonly_fields = ["province", "status_changed_at", "status_changed_by", "created_at"]
    fieldsets = [
        (None, {"fields": ["name", "kvk_number", "sector", "employees", "website"]}),
        (_("Vestiging"), {"fields": ["place", "pc4", "province"]}),
        (
            _("Contactpersoon"),
            {"fields": ["contact_name", "contact_role", "contact_email", "contact_phone"]},
        ),
        (
            _("Screening"),
            {"fields": ["status", "status_changed_at", "status_changed_by", "created_at", "notes"]},
        ),
    ]
    inlines = [WerkplekInline]
    actions = [move_action(status) for status in Employer.Status]

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

    def get_urls(self):
        propose = self.admin_site.admin_view(propose_view(self.admin_site))
        route = "voorstellen/<int:lead_id>/<int:werkplek_id>/"
        return [path(route, propose, name="employers_propose"), *super().get_urls()]


@admin.register(EmployerSection)
class EmployerSectionAdmin(admin.ModelAdmin):
    list_display = ["heading", "order", "published"]
    list_editable = ["order", "published"]


admin.site.unregister(Lead)


@admin.register(Lead)
class LeadWithWerkplekkenAdmin(LeadAdmin):
    """The lead page, with the places that fit the person and their introductions."""

    readonly_fields = [*LeadAdmin.readonly_fields, "introductions", "fitting_places"]
    fields = [*LeadAdmin.fields, "introductions", "fitting_places"]

    @admin.display(description=_("kennismakingen"))
    def introductions(self, lead):
        found = Introduction.objects.filter(lead=lead).select_related("werkplek__employer")
        items = format_html_join(
            "",
            '<li><a href="{}">{}</a> ({}): {}</li>',
            (
                (
                    reverse("admin:employers_introduction_change", args=[i.pk]),
                    i.werkplek.title,
                    i.werkplek.employer.name,
                    i.get_status_display(),
                )
                for i in found
            ),
        )
        return format_html("<ul>{}</ul>", items) if items else "–"

    @admin.display(description=_("passende werkplekken"))
    def fitting_places(self, lead):
        submissions = list(lead.submissions.all())
        replies = Reply.objects.filter(submission__lead=lead).select_related("werkplek__employer")
        suggestions = matching.with_places(matching.suggest(matching.Profile.of(submissions)))
        replied = format_html_join(
            "",
            '<li>{}: <a href="{}">{}</a> ({}) · <a href="{}">{}</a></li>',
            (
                (
                    _("Reageerde op"),
                    reverse("admin:employers_werkplek_change", args=[r.werkplek_id]),
                    r.werkplek.title,
                    r.werkplek.employer.name,
                    reverse("admin:employers_propose", args=[lead.pk, r.werkplek_id]),
                    _("Voorstellen"),
                )
                for r in replies
            ),
        )
        fitting = format_html_join(
            "",
            '<li><a href="{}">{}</a> ({}, {}) – {} · <a href="{}">{}</a></li>',
            (
                (
                    reverse("admin:employers_werkplek_change", args=[s.werkplek_id]),
                    s.werkplek.title,
                    s.werkplek.employer.name,
                    s.werkplek.place,
                    s.reasons,
                    reverse("admin:employers_propose", args=[lead.pk, s.werkplek_id]),
                    _("Voorstellen"),
                )
                for s in suggestions
            ),
        )
        if not replied and not fitting:
            return _("Geen open werkplek past binnen %(km)s km.") % {"km": matching.RADIUS_KM}
        return format_html('<ul class="fitting-places">{}{}</ul>', replied, fitting)
