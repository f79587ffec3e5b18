"""The admin's side of the OOAPI import: fields the source owns shown read-only with their date,
taking a field over or handing it back, accepting or declining the source's changes, and the
log of each import."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from .models import ImportRun, Intake, Programme
from .ooapi.mapping import INTAKE_FIELDS, PROGRAMME_FIELDS

OWN_HELP = _(
    "Aangevinkt: u beheert dit veld zelf; de import laat uw waarde staan en meldt hier als de "
    "bron iets anders gaat zeggen. Uitvinken: de waarde uit OOAPI komt terug."
)


def label(name):
    return capfirst(Programme._meta.get_field(name).verbose_name)


def shown(programme, name, value):
    """A value as an editor reads it: a degree by its name, nothing as a dash."""
    if name == "degree":
        return str(Programme.Degree(value).label) if value in Programme.Degree.values else value
    return str(value) if value not in (None, "") else "–"


def from_source_help(when):
    if when is None:
        return _t("Uit OOAPI.")
    return _t("Uit OOAPI, bijgewerkt op %(date)s.") % {"date": date_format(when, "j F Y")}


class ProgrammeForm(forms.ModelForm):
    """A programme as staff edit it; for one linked to OOAPI, the fields the source owns are
    read-only, and the editor chooses which ones to own and which source changes to accept."""

    own_fields = forms.MultipleChoiceField(
        label=_("Zelf beheren"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(name, name) for name in PROGRAMME_FIELDS],
        help_text=OWN_HELP,
    )
    accept_changes = forms.MultipleChoiceField(
        label=_("Wijzigingen uit OOAPI"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "De bron zegt iets anders dan de waarde die u zelf beheert. Overnemen zet de waarde "
            "uit OOAPI en geeft het veld terug aan de bron; eigen waarde houden laat deze "
            "melding verdwijnen tot de bron weer iets anders zegt."
        ),
    )

    class Meta:
        model = Programme
        fields = []  # the admin's fieldsets choose them

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        programme = self.instance
        self.fields["own_fields"].choices = [(name, label(name)) for name in PROGRAMME_FIELDS]
        self.fields["own_fields"].initial = list(programme.source_own)
        self.fields["accept_changes"].choices = [
            choice
            for name, ours, theirs in programme.changes_to_accept()
            for choice in (
                (
                    f"accept:{name}",
                    _t("%(field)s overnemen: “%(ours)s” wordt “%(theirs)s”")
                    % {
                        "field": label(name),
                        "ours": shown(programme, name, ours),
                        "theirs": shown(programme, name, theirs),
                    },
                ),
                (f"keep:{name}", _t("%(field)s: eigen waarde houden") % {"field": label(name)}),
            )
        ]
        if not programme.from_source:
            return
        for name in PROGRAMME_FIELDS:
            field = self.fields.get(name)
            if field is None:
                continue
            if programme.owned_by_source(name):
                field.disabled = True
                field.help_text = from_source_help(programme.source_changed_at)
            elif name in programme.source_values:
                field.help_text = _t("Zelf beheerd. OOAPI zegt: “%(value)s”.") % {
                    "value": shown(programme, name, programme.source_values[name])
                }

    def clean_accept_changes(self):
        chosen = self.cleaned_data["accept_changes"]
        names = [choice.partition(":")[2] for choice in chosen]
        if len(names) != len(set(names)):
            raise forms.ValidationError(
                _("Kies per veld overnemen of eigen waarde houden, niet allebei."), code="both"
            )
        return chosen

    def save_source_choices(self):
        """Apply the editor's choices to the instance, before the admin saves it."""
        programme = self.instance
        if not programme.from_source:
            return
        own = set(self.cleaned_data.get("own_fields") or ())
        for name in PROGRAMME_FIELDS:
            if name in own and name not in programme.source_own:
                programme.take_over(name)
            elif name not in own and name in programme.source_own:
                programme.hand_back(name)
        for choice in self.cleaned_data.get("accept_changes") or ():
            action, _colon, name = choice.partition(":")
            if action == "accept":
                programme.hand_back(name)
            else:
                programme.keep_ours(name)


class SourceOwnedAdmin:
    """ProgrammeAdmin's part of the import: the form, the OOAPI fieldset for linked
    programmes, and what the list says about the last import and changes to accept."""

    form = ProgrammeForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    source_fieldset = (
        _("OOAPI"),
        {
            "description": _(
                "Deze opleiding komt uit OOAPI, de bron van de hogeschool. Velden uit de bron "
                "zijn alleen te lezen; teksten, afbeeldingen, verhalen en de rest blijven van u."
            ),
        },
    )

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and obj.from_source:
            name, options = self.source_fieldset
            fields = ["own_fields", "accept_changes"] if obj.changes_to_accept() else ["own_fields"]
            # Seen before the fields it explains.
            fieldsets.insert(1, (name, {**options, "fields": fields}))
        return fieldsets

    def save_model(self, request, obj, form, change):
        if hasattr(form, "save_source_choices"):
            form.save_source_choices()
        super().save_model(request, obj, form, change)

    @admin.display(description=_("OOAPI"))
    def source_state(self, programme):
        if not programme.from_source:
            return "–"
        waiting = len(programme.changes_to_accept())
        if waiting:
            return _t("%(count)s te accepteren") % {"count": waiting}
        return _t("uit OOAPI")

    def changelist_view(self, request, extra_context=None):
        if request.method == "GET":
            say_last_import(request)
            for programme in Programme.objects.filter(source_id__isnull=False).exclude(
                source_own={}
            ):
                if programme.changes_to_accept():
                    messages.warning(
                        request,
                        _t("%(programme)s: de bron heeft een wijziging om te accepteren.")
                        % {"programme": programme},
                    )
        return super().changelist_view(request, extra_context)


def say_last_import(request):
    last = ImportRun.objects.first()
    if last is None:
        if settings.OOAPI_URL:
            messages.info(request, _t("Er is nog geen import uit OOAPI geweest."))
        return
    when = date_format(timezone.localtime(last.started_at), "j F Y H:i")
    if last.status == ImportRun.Status.FAILED:
        messages.error(
            request,
            _t("De laatste import uit OOAPI (%(when)s) is mislukt: %(reason)s")
            % {"when": when, "reason": last.reason},
        )
    else:
        messages.info(
            request,
            _t(
                "Laatste import uit OOAPI: %(when)s, %(added)s toegevoegd, %(changed)s "
                "gewijzigd, %(unpublished)s niet meer gepubliceerd, %(skipped)s overgeslagen."
            )
            % {
                "when": when,
                "added": last.added,
                "changed": last.changed,
                "unpublished": last.unpublished,
                "skipped": last.skipped,
            },
        )


class IntakeForm(forms.ModelForm):
    """An intake: what an offering in OOAPI says is read-only; dates of our own stay open."""

    class Meta:
        model = Intake
        fields = []  # the inline's fields choose them

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.from_source:
            for name in INTAKE_FIELDS:
                if name in self.fields:
                    self.fields[name].disabled = True


@admin.display(description=_("bron"))
def intake_source(intake):
    return _t("uit OOAPI") if intake.from_source else _t("met de hand")


class ImportRunAdmin(admin.ModelAdmin):
    """The log of each import, for Communicatie to read; nobody writes it by hand."""

    list_display = ["started_at", "status", "added", "changed", "unpublished", "skipped", "why"]
    list_filter = ["status"]
    date_hierarchy = "started_at"
    fields = [
        "started_at",
        "finished_at",
        "source",
        "status",
        "reason",
        "added",
        "changed",
        "unpublished",
        "skipped",
        "report",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("reden"))
    def why(self, run):
        return run.reason[:120] or "–"

    @admin.display(description=_("verslag"))
    def report(self, run):
        if not run.lines:
            return "–"
        rows = ((ImportRun.Kind(kind).label, text) for kind, text in run.lines)
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}: {}</li>", rows))
