from django.contrib import admin
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from mkbroute.lib.admin_rows import RowsReadOnce
from mkbroute.lib.in_use import ARCHIVE_ACTIONS, KeepInUseAdmin, KeepInUseInline

from .models import Benefit, Channel, MatrixCell, Persona, Story, TargetGroup, Tone, ToneWord
from .tone import PREVIEW_PARAMETER


def thumbnail(field):
    @admin.display(description=_("afbeelding"))
    def show(self, obj):
        image = getattr(obj, field)
        return format_html('<img src="{}" alt="" width="80">', image.url) if image else "–"

    return show


class ToneWordInline(admin.TabularInline):
    model = ToneWord
    extra = 2


@admin.register(Tone)
class ToneAdmin(KeepInUseAdmin, admin.ModelAdmin):
    list_display = ["name", "learner", "learners", "address", "is_default"]
    # A tone has no page of its own: it is used only through personas and groups, so one
    # that none of them uses any more is retired already, and needs no archive of its own.
    instead_of_deleting = _(
        "Een toon die niet meer nodig is, mag blijven staan: kies bij de persona's en "
        "doelgroepen een andere toon. De inzendingen houden zo de toon waarin ze zijn gedaan."
    )
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ToneWordInline]


class BenefitInline(RowsReadOnce, admin.TabularInline):
    model = Benefit.personas.through
    row_related = ["persona", "benefit"]  # a row is named after both
    extra = 1
    verbose_name = _("voordeel")
    verbose_name_plural = _("voordelen die deze persona benadrukt")


class StoryInline(RowsReadOnce, admin.StackedInline):
    model = Story
    extra = 0
    fields = ["first_name", "age", "employer", "quote", "programme", "published", "order"]


class TargetGroupInline(RowsReadOnce, KeepInUseInline, admin.TabularInline):
    model = TargetGroup
    extra = 0
    fields = ["name", "label", "tone", "order", "archived"]
    show_change_link = True


@admin.register(Persona)
class PersonaAdmin(KeepInUseAdmin, admin.ModelAdmin):
    list_display = ["show_hero", "name", "slug", "tone", "archived", "preview_links"]
    list_display_links = ["show_hero", "name"]
    list_filter = ["archived"]
    actions = ARCHIVE_ACTIONS
    list_select_related = ["tone"]
    search_fields = ["name", "title"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["programmes"]
    readonly_fields = ["preview_links"]
    inlines = [TargetGroupInline, BenefitInline, StoryInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "tone", "order", "archived", "preview_links"]}),
        (_("Ingang op de startpagina"), {"fields": ["entry_label", "entry_text"]}),
        (
            _("Landingspagina"),
            {
                "fields": ["title", "lead", "body", "hero_image", "hero_image_alt", "programmes"],
                "description": _(
                    "Plaatshouders zoals {lerende}, {Lerende}, {lerenden}, {je} en "
                    "{jouw} vult de toon van de bezoeker in."
                ),
            },
        ),
        (_("Oproep"), {"fields": ["cta_title", "cta_text", "cta_button"]}),
        (
            _("Profiel (alleen intern)"),
            {"fields": ["drives", "motivation", "wishes"], "classes": ["collapse"]},
        ),
    ]
    show_hero = thumbnail("hero_image")

    @admin.display(description=_("bekijk als deze persona"))
    def preview_links(self, persona):
        if not persona.pk:
            return "–"
        query = {PREVIEW_PARAMETER: persona.slug}
        context = {
            "home": f"{reverse('home')}?{urlencode(query)}",
            "programmes": f"{reverse('programmes:list')}?{urlencode(query)}",
        }
        return render_to_string("admin/personas/persona/preview_links.html", context)


@admin.register(TargetGroup)
class TargetGroupAdmin(KeepInUseAdmin, admin.ModelAdmin):
    # The finder rule is in the form; the list keeps what staff scan for.
    list_display = ["name", "label", "persona", "tone", "order", "archived"]
    list_editable = ["order"]
    list_filter = ["archived", "persona", "tone"]
    actions = ARCHIVE_ACTIONS
    list_select_related = ["persona", "tone"]
    search_fields = ["name", "label"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Benefit)
class BenefitAdmin(admin.ModelAdmin):
    list_display = ["text", "order"]
    list_editable = ["order"]
    list_filter = ["personas"]
    search_fields = ["text"]
    filter_horizontal = ["personas"]


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["show_photo", "first_name", "employer", "persona", "published"]
    list_display_links = ["show_photo", "first_name"]
    list_filter = ["published", "persona", "programme"]
    list_select_related = ["persona", "programme"]
    search_fields = ["first_name", "employer", "quote"]
    show_photo = thumbnail("photo")


@admin.register(Channel)
class ChannelAdmin(KeepInUseAdmin, admin.ModelAdmin):
    list_display = ["name", "kind", "owner", "organisation", "archived"]
    list_filter = ["archived", "owner", "kind"]
    actions = ARCHIVE_ACTIONS
    search_fields = ["name", "organisation"]


@admin.register(MatrixCell)
class MatrixCellAdmin(admin.ModelAdmin):
    list_display = ["target_group", "channel", "message", "timing", "responsible"]
    list_filter = ["target_group", "channel", "channel__owner"]
    list_select_related = ["target_group", "channel"]
    search_fields = ["message", "responsible"]
    change_list_template = "admin/personas/matrixcell/change_list.html"

    def get_urls(self):
        # The results moved to /admin/resultaten/; old bookmarks still arrive there.
        moved = RedirectView.as_view(pattern_name="admin:results", query_string=True)
        return [path("resultaten/", moved), *super().get_urls()]
