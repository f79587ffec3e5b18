from django.contrib import admin
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from mkbroute.in_use import PUBLISH_ACTIONS, KeepInUseAdmin

from .models import Event, Field, Intake, Location, Programme, Scheme


class IntakeInline(admin.TabularInline):
    model = Intake
    extra = 1


@admin.register(Programme)
class ProgrammeAdmin(KeepInUseAdmin, admin.ModelAdmin):
    list_display = ["thumbnail", "name", "degree", "field", "published", "order"]
    list_display_links = ["thumbnail", "name"]
    list_editable = ["published", "order"]
    list_filter = ["published", "degree", "field", "locations"]
    list_select_related = ["field"]
    search_fields = ["name", "summary", "croho_code"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["locations"]
    inlines = [IntakeInline]
    actions = PUBLISH_ACTIONS
    fieldsets = [
        (None, {"fields": ["name", "slug", "degree", "field", "croho_code", "published", "order"]}),
        (_("Opzet"), {"fields": ["ec", "duration_years", "study_days", "work_days", "locations"]}),
        (_("Tekst"), {"fields": ["summary", "body", "image", "image_alt", "occupation"]}),
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
class SchemeAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "audience", "valid_from", "valid_to", "in_force"]
    list_filter = ["audience"]
    search_fields = ["name", "summary"]

    @admin.display(boolean=True, description=_("geldt nu"))
    def in_force(self, scheme):
        return Scheme.objects.valid().filter(pk=scheme.pk).exists()
