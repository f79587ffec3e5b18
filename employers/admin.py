from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from leads.admin import mail_filter, mail_summary, send_again_action, status_label
from leads.outbox import field_of_mail
from mkbroute.lib.admin_log import LogsById

from . import mails
from .admin_views import propose_view
from .models import PUBLIC_STATUSES, Employer, EmployerSection, Introduction, Werkplek
from .requirements import open_places_shortfalls, shortfalls, werkplek_shortfalls

NOT_PUBLISHED = _("Zo komt de werkplek niet online. Pas hem aan, of zet hem op Gesloten.")


def move_action(status, refuse=lambda obj, status: []):
    """An admin action that moves the selected rows to status; refuse(obj, status) gives the
    reasons a row may not move there, said to the user, and that row stays as it is."""

    def action(modeladmin, request, queryset):
        for obj in queryset:
            if reasons := refuse(obj, status):
                message = gettext("%(name)s staat niet op %(label)s:") % {
                    "name": obj,
                    "label": status.label,
                }
                modeladmin.message_user(request, " ".join([message, *reasons]), messages.ERROR)
                continue
            obj.move_to(status, request.user)
            obj.save()

    action.__name__ = f"move_to_{status.value}"
    action.short_description = _("Status: %(label)s") % {"label": status.label}
    return action


def screening_refused(employer, status):
    """Why an employer may not be screened: its open places that fall short would go online."""
    if status not in PUBLIC_STATUSES or employer.is_public:
        return []
    return open_places_shortfalls(employer)


class WerkplekInlineFormSet(BaseInlineFormSet):
    """Screening an employer publishes its open places, and so does opening or changing one of
    a screened employer: refused while a place falls short of its programmes' requirements."""

    def clean(self):
        super().clean()
        employer = self.instance
        if not employer.is_public:
            return
        screening = employer.loaded_status not in PUBLIC_STATUSES
        found = []
        for form in self.forms:
            if not (screening or form.has_changed()) or self._should_delete_form(form):
                continue
            if form.cleaned_data.get("status") == Werkplek.Status.OPEN:
                found += werkplek_shortfalls(form.instance)
        if found:
            raise ValidationError([*found, NOT_PUBLISHED], code="shortfall")


class WerkplekInline(admin.TabularInline):
    model = Werkplek
    formset = WerkplekInlineFormSet
    extra = 0
    fields = ["title", "hours_per_week", "has_supervisor", "places", "status", "open_until"]
    show_change_link = True


class TracksStatus:
    """Whoever moves the status in the admin is recorded with the moment."""

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data or not change:
            obj.move_to(obj.status, request.user)
        super().save_model(request, obj, form, change)


@admin.register(Employer)
class EmployerAdmin(LogsById, TracksStatus, admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "place", "province", "employees", "mkb", "status", "status_changed_at"]
    list_filter = ["status", "sector", "province"]
    search_fields = ["name", "kvk_number", "place"]
    readonly_fields = [
        "province",
        "status_changed_at",
        "status_changed_by",
        "created_at",
        "registration_notice",
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
                    "registration_notice",
                    "notes",
                ]
            },
        ),
    ]
    inlines = [WerkplekInline]
    actions = [move_action(status, screening_refused) for status in Employer.Status]

    @admin.display(boolean=True, description=_("mkb (< 250)"))
    def mkb(self, employer):
        return employer.is_mkb

    @admin.display(description=_("melding aan Toelating"))
    def registration_notice(self, employer):
        return mail_summary(mails.registration_notice, employer.pk)


def picker(name):
    """A form field for a many-to-many field of Werkplek with a model in between: the admin
    leaves such fields out of its forms, so they are given here, as filter_horizontal shows
    them."""
    field = Werkplek._meta.get_field(name)
    return field.formfield(widget=FilteredSelectMultiple(field.verbose_name, is_stacked=False))


class WerkplekForm(forms.ModelForm):
    programmes = picker("programmes")
    intakes = picker("intakes")

    def clean(self):
        """An open place of a screened employer is online: refused while it falls short."""
        data = super().clean()
        employer = data.get("employer")
        if data.get("status") != Werkplek.Status.OPEN or employer is None or not employer.is_public:
            return data
        found = shortfalls(
            data.get("title", ""),
            data.get("hours_per_week"),
            data.get("has_supervisor", False),
            data.get("programmes") or [],
        )
        if found:
            raise ValidationError([*found, NOT_PUBLISHED], code="shortfall")
        return data


@admin.register(Werkplek)
class WerkplekAdmin(admin.ModelAdmin):
    form = WerkplekForm
    list_display = ["title", "employer", "place", "hours_per_week", "status", "open_until"]
    list_filter = ["status", "province", "programmes", "employer__status"]
    list_select_related = ["employer"]
    search_fields = ["title", "employer__name", "place"]
    autocomplete_fields = ["employer"]
    readonly_fields = ["province", "created_at"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Introduction)
class IntroductionAdmin(LogsById, TracksStatus, admin.ModelAdmin):
    list_display = ["lead", "werkplek", "status", "proposed_at", "status_changed_at", "mail"]
    list_filter = ["status", mail_filter(mails.introduction)]
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
        "mail_to_employer",
    ]
    readonly_fields = [f for f in fields if f not in ("status", "declined_by", "decline_reason")]
    actions = [send_again_action(mails.introduction, _("Stuur de mail aan de werkgever opnieuw"))]

    def get_queryset(self, request):
        status = field_of_mail(mails.introduction, "status")
        return super().get_queryset(request).annotate(mail_status=status)

    @admin.display(description=_("mail aan de werkgever"))
    def mail(self, introduction):
        return status_label(introduction.mail_status)

    @admin.display(description=_("mail aan de werkgever"))
    def mail_to_employer(self, introduction):
        return mail_summary(mails.introduction, introduction.pk)

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
