"""The admin of experiments: plan, start, follow the progress, read the result, apply it."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from personas.experiments import Experiment, Variant

from . import experiments


def percent(fraction):
    return f"{fraction * 100:+.1f}".replace(".", ",")


class VariantInline(admin.StackedInline):
    model = Variant
    extra = 0
    min_num, max_num = 2, 3
    fields = ["letter", "title", "lead", "cta_button", "visitors"]
    readonly_fields = ["visitors"]

    # Once started, the variants stay as the visitors saw them.
    def has_add_permission(self, request, obj=None):
        return draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return draft(obj) and super().has_delete_permission(request, obj)


def draft(experiment):
    return experiment is None or experiment.status == Experiment.Status.DRAFT


@admin.register(Experiment)
class ExperimentAdmin(admin.ModelAdmin):
    list_display = ["name", "persona", "status", "sample_per_arm", "duration"]
    list_filter = ["status", "persona"]
    list_select_related = ["persona"]
    # Computed or moved by the actions, never typed in.
    readonly_fields = [
        "sample_per_arm",
        "duration",
        "status",
        "started_at",
        "ended_at",
        "stop_reason",
        "progress",
        "applied",
    ]
    fields = ["name", "persona", "hypothesis", "metric", "baseline", "effect", *readonly_fields]
    inlines = [VariantInline]
    actions = ["start", "stop", "apply_winner"]

    def get_readonly_fields(self, request, obj=None):
        fixed = ["persona", "metric", "baseline", "effect"]
        running = obj is not None and obj.status != Experiment.Status.DRAFT
        return [*self.readonly_fields, *(fixed if running else [])]

    def get_object(self, request, object_id, from_field=None):
        experiment = super().get_object(request, object_id, from_field)
        if experiment is not None:
            experiments.review(
                experiment
            )  # whoever looks sees a mismatch stop it, or the sample reached
        return experiment

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        experiment = form.instance
        if experiment.status == Experiment.Status.DRAFT:
            experiments.plan(
                experiment
            )  # with the variants saved: their number sets the sample size
            experiment.save()

    @admin.display(description=_("verwachte duur"))
    def duration(self, experiment):
        if experiment.expected_days:
            days = experiment.expected_days
            return ngettext("ongeveer %(days)s dag", "ongeveer %(days)s dagen", days) % {
                "days": days
            }
        if experiment.sample_per_arm:
            return _("onbekend: de pagina had de laatste 90 dagen geen bezoeken")
        return "–"

    @admin.display(description=_("voortgang en uitkomst"))
    def progress(self, experiment):
        if experiment.pk is None:
            return "–"
        result = experiments.result(experiment)
        arms = experiments.arms(experiment)
        context = {"experiment": experiment, "result": result, "arms": arms}
        if result:
            context["rows"] = result_rows(arms, result)
            context["level"] = f"{(1 - experiment.alpha) * 100:.1f}".replace(".", ",")
        else:
            context["rows"] = [
                (letter, visitors, min(100, round(100 * visitors / experiment.sample_per_arm)))
                for letter, visitors, _conversions in arms
                if experiment.sample_per_arm
            ]
        return render_to_string("admin/results/experiment_progress.html", context)

    @admin.action(description=_("Start de gekozen experimenten"), permissions=["change"])
    def start(self, request, queryset):
        for experiment in queryset:
            try:
                experiments.start(experiment)
            except ValidationError as refused:
                self.message_user(request, f"{experiment}: {refused.messages[0]}", messages.ERROR)
            else:
                self.log_change(request, experiment, str(_("Experiment gestart")))
                self.message_user(request, _("%s is gestart.") % experiment, messages.SUCCESS)

    @admin.action(description=_("Stop de gekozen experimenten"), permissions=["change"])
    def stop(self, request, queryset):
        for experiment in queryset.filter(status=Experiment.Status.RUNNING):
            experiment.end(Experiment.Status.STOPPED, str(_("Met de hand gestopt.")))
            self.log_change(request, experiment, str(_("Experiment gestopt")))

    @admin.action(description=_("Pas de winnende variant toe"), permissions=["change"])
    def apply_winner(self, request, queryset):
        for experiment in queryset:
            letter = experiments.apply_winner(experiment)
            if letter is None:
                message = _("%s heeft (nog) geen winnaar om toe te passen.") % experiment
                self.message_user(request, message, messages.WARNING)
                continue
            note = _("Variant %(letter)s van %(experiment)s toegepast") % {
                "letter": letter,
                "experiment": experiment,
            }
            self.log_change(request, experiment.persona, str(note))
            self.log_change(request, experiment, str(note))
            self.message_user(request, note, messages.SUCCESS)


def result_rows(arms, result):
    """Per variant: visitors, leads, conversion, and (not for A) the comparison with A."""
    compared = dict(result["comparisons"])
    rows = []
    for letter, visitors, conversions in arms:
        comparison = compared.get(letter)
        rows.append(
            {
                "letter": letter,
                "visitors": visitors,
                "conversions": conversions,
                "rate": f"{conversions / visitors * 100:.1f}".replace(".", ","),
                "difference": percent(comparison.difference) if comparison else "",
                "interval": (
                    f"{percent(comparison.low)} … {percent(comparison.high)}" if comparison else ""
                ),
                "p_value": f"{comparison.p_value:.3f}".replace(".", ",") if comparison else "",
            }
        )
    return rows
