"""The lead list's filters on what people sent: any of a person's submissions with the
chosen persona, target group, programme, channel or campaign."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from mkbroute.lib.queries import distinct_values
from personas.models import Channel, Persona, TargetGroup
from programmes.models import Programme

from .models import Submission, SubmissionProgramme


class SubmissionFilter(admin.SimpleListFilter):
    """Leads any of whose submissions has the chosen value of `field`: found through that
    field's index on the submissions, where a filter across the relation would have the list
    made DISTINCT over every lead it joins. The parameter is the one Django's related filter
    uses, so that links made before keep working."""

    field = ""

    def choices_of(self):
        """[(value, label)] to choose from."""
        raise NotImplementedError

    def lookups(self, request, model_admin):
        return self.choices_of()

    def queryset(self, request, queryset):
        value = self.value()
        if not value or (self.field.endswith("_id") and not (value.isascii() and value.isdigit())):
            return queryset
        chosen = Submission.objects.filter(**{self.field: value}).values("lead_id")
        return queryset.filter(pk__in=chosen)


def submission_filter(name, parameter_name, choices_of):
    """A SubmissionFilter on Submission.<name>, titled as that field."""
    field = Submission._meta.get_field(name)
    attributes = {
        "title": field.verbose_name,
        "parameter_name": parameter_name,
        "field": field.attname,
        "choices_of": staticmethod(choices_of),
    }
    return type(f"{name.title().replace('_', '')}Filter", (SubmissionFilter,), attributes)


def choices(model):
    return lambda: [(str(obj.pk), str(obj)) for obj in model.objects.all()]


def campaigns():
    """The campaign names the submissions carry, read from the index on them."""
    return [(name, name) for name in distinct_values(Submission, "utm_campaign")]


class ProgrammeFilter(admin.SimpleListFilter):
    """Leads who named a programme in any of their submissions."""

    title = _("opleiding")
    parameter_name = "opleiding"

    def lookups(self, request, model_admin):
        return [(str(p.pk), str(p)) for p in Programme.objects.order_by("name")]

    def queryset(self, request, queryset):
        if self.value() and self.value().isascii() and self.value().isdigit():
            chosen = SubmissionProgramme.objects.filter(programme_id=self.value())
            return queryset.filter(pk__in=chosen.values("submission__lead_id"))
        return queryset


# In the order the list shows them, after its own status filter.
LIST_FILTERS = [
    submission_filter("persona", "submissions__persona__id__exact", choices(Persona)),
    submission_filter("target_group", "submissions__target_group__id__exact", choices(TargetGroup)),
    ProgrammeFilter,
    submission_filter("channel", "submissions__channel__id__exact", choices(Channel)),
    submission_filter("utm_campaign", "submissions__utm_campaign", campaigns),
]
