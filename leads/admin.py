from django.contrib import admin, messages
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from mkbroute.lib.admin_log import LogsById
from mkbroute.lib.moments import local_time
from mkbroute.lib.paginators import EstimatedCountPaginator

from . import admin_filters, export, mails, search
from .models import ChannelRule, ExportLog, Lead, PrivacyAudit, Reminder, Submission
from .outbox import Mail, again, field_of_mail, mail_of, queue_again, shown_note
from .starts import start_label

# What the lead list shows of each person's submissions (as `newest_first`, a list: the list's
# columns read it a few times a row, and a list is read without copying a queryset each time).
NEWEST_FIRST = Prefetch(
    "submissions",
    queryset=Submission.objects.select_related("target_group", "persona", "channel")
    .prefetch_related("programmes")
    .order_by("-created_at", "-pk"),
    to_attr="newest_first",
)


@admin.register(ChannelRule)
class ChannelRuleAdmin(admin.ModelAdmin):
    list_display = ["utm_source", "utm_medium", "channel", "order"]
    list_editable = ["order"]
    list_select_related = ["channel"]
    search_fields = ["utm_source", "utm_medium"]


# The parts of a submission on the lead's page, in order. What each holds, and in which order,
# comes from the table of what admissions see (export.SHOWN), which the export reads as well.
SECTIONS = {
    "submit": (None, {}),
    "message": (None, {}),
    "contact": (_("Gegevens bij deze inzending"), {}),
    "situation": (_("Situatie"), {}),
    "consents": (_("Toestemmingen"), {}),
    "origin": (_("Herkomst"), {"classes": ["collapse"]}),
    "mail": (_("Bevestiging"), {}),
}


def submission_fieldsets():
    fields = {section: [] for section in SECTIONS}
    for shown in export.SHOWN:
        if shown.section is not None:  # a section missing above fails here, at start-up
            fields[shown.section].append(shown.admin or shown.field)
    return [
        (title, {**options, "fields": fields[key]}) for key, (title, options) in SECTIONS.items()
    ]


def yes_no(given):
    return _("ja") if given else _("nee")


def consent_state(consent):
    if consent.withdrawn_at:
        return _(", ingetrokken op %(when)s") % {
            "when": local_time(consent.withdrawn_at, short=True)
        }
    if consent.given and not consent.in_effect:
        return _(", wacht op bevestiging per mail")
    return ""


def status_label(status):
    """How a mail's status reads; a dash for an object that has no mail in the outbox."""
    return Mail.Status(status).label if status else "–"


class SubmissionInline(admin.StackedInline):
    model = Submission
    extra = 0
    can_delete = False
    fieldsets = submission_fieldsets()
    readonly_fields = [field for _name, options in fieldsets for field in options["fields"]]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("lead", "target_group", "persona", "tone", "event", "channel")
            .prefetch_related("programmes", "consents")
            .annotate(
                mail_status=field_of_mail(mails.confirmation, "status"),
                mail_error=field_of_mail(mails.confirmation, "note"),
            )
        )

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("bevestiging"))
    def mail_status(self, submission):
        return status_label(submission.mail_status)

    @admin.display(description=_("fout bij versturen"))
    def mail_error(self, submission):
        return shown_note(submission.mail_error) or "–"

    @admin.display(description=_("opleidingen"))
    def programme_names(self, submission):
        return ", ".join(str(p) for p in submission.programmes.all()) or "–"

    @admin.display(description=_("afwijkend van de lead"))
    def differences(self, submission):
        return ", ".join(str(name) for name in submission.contact_differences()) or "–"

    @admin.display(description=_("gewenste start"))
    def preferred_start_label(self, submission):
        return start_label(submission.preferred_start) or "–"

    @admin.display(description=_("al een mkb-werkgever"))
    def has_employer_answer(self, submission):
        return {True: _("ja"), False: _("nee"), None: _("onbekend")}[submission.has_employer]

    @admin.display(description=_("toestemmingen"))
    def consent_list(self, submission):
        consents = [
            {
                "purpose": c.get_purpose_display(),
                "answer": yes_no(c.given),
                "state": consent_state(c),
                "version": c.privacy_version,
                "recorded": local_time(c.recorded_at, short=True),
            }
            for c in submission.consents.all()
        ]
        return render_to_string("admin/leads/submission/consents.html", {"consents": consents})


def status_action(status):
    def action(modeladmin, request, queryset):
        # updated_at too: it is how "bijgewerkt" and the results' fold (lead_days) see it
        count = queryset.update(status=status.value, updated_at=timezone.now())
        modeladmin.message_user(
            request,
            _("%(count)s leads op “%(status)s” gezet.") % {"count": count, "status": status.label},
            messages.SUCCESS,
        )

    action.__name__ = f"set_status_{status.value}"
    return admin.action(
        description=_("Zet status op: %(status)s") % {"status": status.label},
        permissions=["change"],
    )(action)


class LeadAdmin(LogsById, admin.ModelAdmin):
    """The lead list and page; registered by the project package (mkbroute/admin.py), which
    adds the werkplekken that fit the person and their introductions."""

    list_display = [
        "person",
        "target_group",  # the persona follows from it and has a filter of its own
        "programme_names",
        "channel",
        "status",
        "created_on",
    ]
    # Every persona, group and channel to choose from, not "only those in use", which would
    # scan every submission on each page view and each export.
    list_filter = ["status", *admin_filters.LIST_FILTERS]
    # Searched on normalised copies with indexes (search.py), not with Django's LIKE on each
    # field; these name what the search box searches.
    search_fields = ["name_key", "email_key", "phone_digits"]
    search_help_text = _("Zoek op naam, e-mailadres of telefoonnummer.")
    date_hierarchy = "created_at"
    list_per_page = 50
    # Counting 100,000 leads for "of 100,000" on every filtered page is not worth its time;
    # the unfiltered count comes from the statistics on PostgreSQL.
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    actions = [
        *(status_action(status) for status in Lead.Status),
        "revoke_links",
        "send_new_link",
    ]
    person_fields = ["first_name", "last_name", "email", "phone", "created_at", "updated_at"]
    readonly_fields = [*person_fields, "history"]
    fields = [*person_fields, "status", "notes", "history"]
    inlines = [SubmissionInline]
    change_list_template = "admin/leads/lead/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(NEWEST_FIRST)

    def lookup_allowed(self, lookup, value, request=None):
        # A SubmissionFilter's parameter names a path through the submissions, which Django
        # allows only to its own related filters; the filter reads it, the query never does.
        names = {f.parameter_name for f in admin_filters.LIST_FILTERS}
        return lookup in names or super().lookup_allowed(lookup, value, request)

    def get_search_results(self, request, queryset, search_term):
        found = search.matching(search_term)
        return (queryset if found is None else queryset.filter(found)), False

    @admin.display(description=_("geschiedenis"))
    def history(self, lead):
        """What the person did through their link and staff did about it, newest first."""
        happenings = lead.history.select_related("by")
        return render_to_string("admin/leads/lead/history.html", {"history": happenings})

    @admin.action(description=_("Persoonlijke links intrekken"), permissions=["change"])
    def revoke_links(self, request, queryset):
        """Every link sent to these people stops working; a new mail carries a new one."""
        for lead in queryset:
            lead.revoke_links(request.user)
        self.message_user(
            request, _("Links van %(count)s leads ingetrokken.") % {"count": len(queryset)}
        )

    @admin.action(description=_("Nieuwe persoonlijke link sturen"), permissions=["change"])
    def send_new_link(self, request, queryset):
        for lead in queryset:
            queue_again(mails.personal_link, lead.pk)
            lead.record(_("Nieuwe persoonlijke link gestuurd"), via_link=False, user=request.user)
        self.message_user(
            request,
            _("Nieuwe link in de wachtrij voor %(count)s leads.") % {"count": len(queryset)},
        )

    def get_urls(self):
        export_view = self.admin_site.admin_view(export.export_view(self))
        return [path("export/", export_view, name="leads_lead_export"), *super().get_urls()]

    def has_export_permission(self, request):
        return request.user.has_perm("leads.export_lead")

    @staticmethod
    def latest(lead, name):
        """A field of the person's latest submission, or a dash."""
        submissions = lead.newest_first
        return (getattr(submissions[0], name) if submissions else None) or "–"

    @admin.display(description=_("doelgroep"))
    def target_group(self, lead):
        return self.latest(lead, "target_group")

    @admin.display(description=_("persona"))
    def persona(self, lead):
        return self.latest(lead, "persona")

    @admin.display(description=_("kanaal"))
    def channel(self, lead):
        return self.latest(lead, "channel")

    @admin.display(description=_("lead"), ordering="last_name")
    def person(self, lead):
        # Name and address in one column leave room for status and date at 1280 px.
        return format_html("{}<br><small>{}</small>", lead, lead.email)

    @admin.display(description=_("binnengekomen"), ordering="created_at")
    def created_on(self, lead):
        # A short date keeps the status and date columns on a 1280 px screen.
        return date_format(timezone.localtime(lead.created_at), "SHORT_DATE_FORMAT")

    @admin.display(description=_("opleidingen"))
    def programme_names(self, lead):
        names = {p.name for s in lead.newest_first for p in s.programmes.all()}
        return ", ".join(sorted(names)) or "–"


class ReadOnlyForSuperusers(admin.ModelAdmin):
    """Records of what happened: only superusers read them, and nobody edits them."""

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ExportLog)
class ExportLogAdmin(LogsById, ReadOnlyForSuperusers):
    list_display = ["created_at", "username", "what", "format", "row_count", "filters"]
    list_filter = ["username", "what", "format"]
    date_hierarchy = "created_at"


@admin.register(PrivacyAudit)
class PrivacyAuditAdmin(ReadOnlyForSuperusers):
    list_display = ["created_at", "action", "lead_count", "detail"]
    list_filter = ["action"]


def mail_filter(write, parameter_name="mail__exact", title=None):
    """A list filter on the status of the mail write sends about each object."""

    class MailFilter(admin.SimpleListFilter):
        def lookups(self, request, model_admin):
            return Mail.Status.choices

        def queryset(self, request, queryset):
            if self.value():
                written = Mail.objects.written_by(write).filter(status=self.value())
                return queryset.filter(pk__in=written.values("object_id"))
            return queryset

    MailFilter.parameter_name, MailFilter.title = parameter_name, title or _("mail")
    return MailFilter


def mail_summary(write, object_id):
    """How the mail write sends about object_id went, for its object's admin page."""
    mail = mail_of(write, object_id)
    return mail.summary() if mail else "–"


def send_again_action(write, description):
    """An admin action that queues the mail write sends about each selected object again,
    if it was given up, refused (the address mended since) or may not have arrived."""

    def send_mail_again(modeladmin, request, queryset):
        chosen = Mail.objects.written_by(write).filter(object_id__in=queryset.values("pk"))
        count = again(chosen)
        modeladmin.message_user(
            request, _("%(count)s mails opnieuw in de wachtrij.") % {"count": count}
        )

    return admin.action(description=description, permissions=["change"])(send_mail_again)


@admin.register(Reminder)
class ReminderAdmin(LogsById, admin.ModelAdmin):
    """Who was reminded of which deadline, and whether the mail went out: to read, not edit."""

    list_display = ["lead", "intake", "deadline", "mail_status", "mail_sent_at"]
    # As when the status was a field of the reminder.
    list_filter = [
        mail_filter(mails.reminder, "mail_status__exact", _("status")),
        "intake__programme",
    ]
    list_select_related = ["lead", "intake__programme"]
    search_fields = ["lead__email", "lead__last_name"]
    date_hierarchy = "deadline"
    readonly_fields = [*(f.name for f in Reminder._meta.fields), "mail_status", "mail_sent_at"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                mail_status=field_of_mail(mails.reminder, "status"),
                mail_sent_at=field_of_mail(mails.reminder, "sent_at"),
            )
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("status"))
    def mail_status(self, reminder):
        return status_label(reminder.mail_status)

    @admin.display(description=_("verstuurd"))
    def mail_sent_at(self, reminder):
        return local_time(reminder.mail_sent_at)


class KindFilter(admin.SimpleListFilter):
    title = _("soort")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        kinds = Mail.objects.order_by("kind").values_list("kind", flat=True).distinct()
        return [(kind, Mail(kind=kind).kind_label()) for kind in kinds]

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(Mail)
class MailAdmin(ReadOnlyForSuperusers):
    """Every mail of every app: what writes it, about which id, how sending went (no address)."""

    list_display = [
        "created_at",
        "kind_shown",
        "object_id",
        "status",
        "attempts",
        "note_shown",
        "sent_at",
    ]
    list_filter = ["status", KindFilter]
    date_hierarchy = "created_at"
    actions = ["send_again", "leave_unknown"]
    fields = readonly_fields = [
        "kind_shown",
        "object_id",
        "status",
        "attempts",
        "note_shown",
        "created_at",
        "attempted_at",
        "sent_at",
    ]

    @admin.display(description=_("soort"), ordering="kind")
    def kind_shown(self, mail):
        return mail.kind_label()

    @admin.display(description=_("fout of reden"))
    def note_shown(self, mail):
        return mail.note_shown() or "–"

    @admin.action(description=_("Opnieuw versturen (mislukt, geweigerd of misschien verstuurd)"))
    def send_again(self, request, queryset):
        count = again(queryset)
        self.message_user(request, _("%(count)s mails opnieuw in de wachtrij.") % {"count": count})

    @admin.action(description=_("Misschien verstuurd: niet opnieuw versturen"))
    def leave_unknown(self, request, queryset):
        # The recipient had it, or it no longer matters: /healthz stops asking.
        count = queryset.filter(status=Mail.Status.UNKNOWN).update(
            status=Mail.Status.DROPPED, note="may have been sent; not sent again (admin)"
        )
        self.message_user(request, _("%(count)s mails niet opnieuw verstuurd.") % {"count": count})
