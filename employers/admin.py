from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.forms.models import BaseInlineFormSet
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from leads import outbox
from leads.admin import mail_filter, mail_summary, send_again_action, status_label
from leads.outbox import field_of_mail
from mkbroute.lib.admin_log import LogsById

from . import mails, pending
from .admin_views import propose_view
from .models import PUBLIC_STATUSES, Alert, Employer, EmployerSection, Introduction, Werkplek
from .requirements import open_places_shortfalls, shortfalls, werkplek_shortfalls

WAITING = _("wacht op controle")


def moment(value):
    return f"{timezone.localtime(value):%d-%m-%Y %H:%M}"


HISTORY_SHOWN = 50
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


@admin.display(description=_("bevestigd"), ordering="confirmed_at")
def confirmed(werkplek):
    return f"{timezone.localtime(werkplek.confirmed_at):%d-%m-%Y}"


@admin.display(description=_("controle"))
def check(werkplek):
    return WAITING if werkplek.waits_for_check else ""


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
    fields = ["title", "hours_per_week", "has_supervisor", "places", "status", "open_until", check]
    readonly_fields = [check]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("pending_change")


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
        "waiting_for_check",
        "history",
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
        (_("Wacht op controle"), {"fields": ["waiting_for_check"]}),
        (_("Geschiedenis"), {"fields": ["history"]}),
    ]
    inlines = [WerkplekInline]
    actions = [
        *(move_action(status, screening_refused) for status in Employer.Status),
        "revoke_links",
        "send_link",
    ]

    def save_model(self, request, obj, form, change):
        version = obj.link_version
        super().save_model(request, obj, form, change)
        if change and obj.link_version != version:  # a new contact person (Employer.save)
            self.hand_over(request, obj)

    def hand_over(self, request, employer):
        """The old contact's link stopped working: the new contact gets one of their own, as
        when the employer hands over on their own page (in the same transaction)."""
        if employer.contact_email and employer.status != Employer.Status.STOPPED:
            outbox.queue_again(mails.new_contact, employer.pk)
            what = gettext(
                "Nieuwe contactpersoon, die een eigen link kreeg; de vorige link werkt niet meer"
            )
            message = _("De nieuwe contactpersoon krijgt een persoonlijke link per mail.")
            self.message_user(request, message)
        else:
            what = gettext("Nieuwe contactpersoon; de link van de vorige werkt niet meer")
        employer.record(what, False, request.user)

    @admin.display(description=_("werkplekken"))
    def waiting_for_check(self, employer):
        places = employer.werkplekken.waiting_for_check().select_related("pending_change")
        rows = [
            (reverse("admin:employers_werkplek_change", args=[p.pk]), p.title, describe_check(p))
            for p in places
        ]
        return format_html_join("", '<p><a href="{}">{}</a>: {}</p>', rows) or "–"

    @admin.display(description=_("wat er gebeurde"))
    def history(self, employer):
        happenings = employer.history.select_related("by", "werkplek")[:HISTORY_SHOWN]
        rows = [
            (moment(h.at), h.what, h.werkplek.title if h.werkplek else "", h.who)
            for h in happenings
        ]
        cells = "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"
        return format_html("<table>{}</table>", format_html_join("", cells, rows)) if rows else "–"

    @admin.action(description=_("Persoonlijke links intrekken"), permissions=["change"])
    def revoke_links(self, request, queryset):
        for employer in queryset:
            employer.revoke_links(request.user)
        self.message_user(request, _("De links werken niet meer; een nieuwe kunt u sturen."))

    @admin.action(description=_("Nieuwe persoonlijke link sturen"), permissions=["change"])
    def send_link(self, request, queryset):
        reachable = queryset.exclude(contact_email="").exclude(status=Employer.Status.STOPPED)
        with transaction.atomic():
            for employer in reachable:
                outbox.queue_again(mails.personal_link, employer.pk)
                employer.record(_("Nieuwe persoonlijke link gestuurd"), False, request.user)
        self.message_user(request, _("De contactpersonen krijgen een nieuwe link per mail."))

    @admin.display(boolean=True, description=_("mkb (< 250)"))
    def mkb(self, employer):
        return employer.is_mkb

    @admin.display(description=_("melding aan Toelating"))
    def registration_notice(self, employer):
        return mail_summary(mails.registration_notice, employer.pk)


def picker(name, *related):
    """A form field for a many-to-many field of Werkplek with a model in between: the admin
    leaves such fields out of its forms, so they are given here, as filter_horizontal shows
    them. related: what each choice's name reads besides its own row (not a query each)."""
    field = Werkplek._meta.get_field(name)
    choices = field.related_model._default_manager.select_related(*related)
    widget = FilteredSelectMultiple(field.verbose_name, is_stacked=False)
    return field.formfield(queryset=choices, widget=widget)


class WerkplekForm(forms.ModelForm):
    programmes = picker("programmes")
    intakes = picker("intakes", "programme")  # an intake is named after its programme

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


def describe_check(werkplek):
    """What waits for admissions' check of a place, in one line."""
    parts = [_("nieuwe werkplek")] if werkplek.screened_at is None else []
    change = werkplek.change_waiting
    if change is not None:
        parts += [f"{label}: {now} → {new}" for label, now, new in change.differences()]
    return "; ".join(str(part) for part in parts)


class WaitingFilter(admin.SimpleListFilter):
    title = _("controle")
    parameter_name = "controle"

    def lookups(self, request, model_admin):
        return [("wacht", WAITING)]

    def queryset(self, request, queryset):
        return queryset.waiting_for_check() if self.value() == "wacht" else queryset


@admin.register(Werkplek)
class WerkplekAdmin(admin.ModelAdmin):
    form = WerkplekForm
    # Hours are on the place's page: eight columns do not fit a 1280 px screen.
    list_display = ["title", "employer", "place", "status", confirmed, "open_until", check]
    list_filter = [WaitingFilter, "status", "province", "programmes", "employer__status"]
    list_select_related = ["employer", "pending_change"]
    search_fields = ["title", "employer__name", "place"]
    autocomplete_fields = ["employer"]
    readonly_fields = ["province", "created_at", "screened_at", "waiting", "asked_at"]
    prepopulated_fields = {"slug": ["title"]}
    actions = ["accept_check", "reject_check"]

    @admin.display(description=WAITING)
    def waiting(self, werkplek):
        return describe_check(werkplek) or "–"

    @admin.action(description=_("Controle: goedkeuren (op de site)"), permissions=["change"])
    def accept_check(self, request, queryset):
        places = queryset.waiting_for_check().select_related("employer", "pending_change")
        for werkplek in places:
            pending.accept(werkplek, request.user)
        self.message_user(request, _("%(n)s goedgekeurd.") % {"n": len(places)})

    @admin.action(description=_("Controle: afwijzen"), permissions=["change"])
    def reject_check(self, request, queryset):
        places = queryset.waiting_for_check().select_related("employer", "pending_change")
        for werkplek in places:
            pending.reject(werkplek, request.user)
        self.message_user(request, _("%(n)s afgewezen.") % {"n": len(places)})


class AnswerFilter(admin.SimpleListFilter):
    """Where the employer's answer stands: waiting, "geen reactie" (back with admissions), or
    answered; the worklist links to "geen reactie"."""

    title = _("antwoord van de werkgever")
    parameter_name = "antwoord"

    def lookups(self, request, model_admin):
        return [
            ("wacht", _("Wacht op antwoord")),
            ("geen_reactie", _("Geen reactie")),
            ("beantwoord", _("Beantwoord")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "wacht":
            return queryset.awaiting_answer()
        if self.value() == "geen_reactie":
            return queryset.without_answer()
        if self.value() == "beantwoord":
            return queryset.exclude(answered_at=None)
        return queryset


# The mails about an introduction, as its admin page lists them: (label, function).
INTRODUCTION_MAILS = [
    (_("aan de werkgever"), mails.introduction),
    (_("aan de kandidaat"), mails.introduced),
    (_("herinnering aan de werkgever"), mails.introduction_reminder),
    (_("antwoord aan de kandidaat"), mails.employer_answer),
    (_("melding aan Toelating"), mails.introduction_notice),
    (_("afzegging aan de werkgever"), mails.candidate_declined),
]


@admin.register(Introduction)
class IntroductionAdmin(LogsById, TracksStatus, admin.ModelAdmin):
    list_display = [
        "lead",
        "werkplek",
        "status",
        "answer",
        "proposed_at",
        "status_changed_at",
        "mail",
    ]
    list_filter = ["status", AnswerFilter, mail_filter(mails.introduction)]
    list_select_related = ["lead", "werkplek__employer"]
    search_fields = ["werkplek__title", "werkplek__employer__name"]
    show_full_result_count = False  # "of 5,000" on every filtered page costs a count
    fieldsets = [
        (
            None,
            {
                "fields": [
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
            },
        ),
        (
            _("Antwoord van de werkgever (via de persoonlijke link)"),
            {
                "fields": [
                    "answered_at",
                    "meeting_proposed_for",
                    "will_call",
                    "invitation_note",
                    "decline_category",
                    "reminded_at",
                    "no_answer_at",
                ]
            },
        ),
        (
            _("Reactie van de kandidaat (via de persoonlijke link)"),
            {"fields": ["candidate_reply", "candidate_replied_at", "candidate_note"]},
        ),
        (_("Mails"), {"fields": ["mails_sent"]}),
    ]
    readonly_fields = [
        field
        for _name, options in fieldsets
        for field in options["fields"]
        if field not in ("status", "declined_by", "decline_reason")  # admissions' to change
    ]
    actions = [send_again_action(mails.introduction, _("Stuur de mail aan de werkgever opnieuw"))]

    def get_queryset(self, request):
        status = field_of_mail(mails.introduction, "status")
        return super().get_queryset(request).annotate(mail_status=status)

    @admin.display(description=_("mail aan de werkgever"))
    def mail(self, introduction):
        return status_label(introduction.mail_status)

    @admin.display(description=_("antwoord"))
    def answer(self, introduction):
        if introduction.no_answer_at and introduction.awaits_employer:
            return _("Geen reactie")
        if introduction.invited:
            return _("Uitgenodigd")
        if introduction.declined_by_employer:
            return _("Past niet: %(reason)s") % {
                "reason": introduction.get_decline_category_display().lower()
            }
        return _("Wacht") if introduction.awaits_employer else "–"

    @admin.display(description=_("mails"))
    def mails_sent(self, introduction):
        pk = introduction.pk
        lines = [(label, mail_summary(write, pk)) for label, write in INTRODUCTION_MAILS]
        return format_html_join("\n", "{}: {}<br>", lines)

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


@admin.register(Alert)
class AlertAdmin(LogsById, admin.ModelAdmin):
    """Alerts are asked for and ended by the person; admissions see them, and can end one
    (asked by mail, say), but never write one: only the person confirms their address."""

    list_display = ["email", "search", "confirmed_at", "last_sent_at", "created_at"]
    list_filter = [("confirmed_at", admin.EmptyFieldListFilter), "radius"]
    list_select_related = ["programme"]
    search_fields = ["email_key"]
    date_hierarchy = "created_at"
    fields = [
        "email",
        "search",
        "created_at",
        "confirmed_at",
        "last_sent_at",
        "ends_on",
        "privacy_version",
        "confirmation",
    ]
    readonly_fields = fields

    @admin.display(description=_("zoekopdracht"))
    def search(self, alert):
        return alert.describe()

    @admin.display(description=_("loopt tot"))
    def ends_on(self, alert):
        return alert.ends_on or "–"

    @admin.display(description=_("bevestigingsmail"))
    def confirmation(self, alert):
        return mail_summary(mails.alert_confirmation, alert.pk)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
