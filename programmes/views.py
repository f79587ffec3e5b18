"""Public pages of the catalogue: programmes and events."""

import functools

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from mkbroute.lib.cache import cache_per_tone, confirm_query
from mkbroute.lib.content import kept_per_version
from mkbroute.lib.queries import Prepared

from .forms import ProgrammeFilterForm
from .models import WHEN, Event, Intake, Location, Programme
from .structured_data import event_json_ld, programme_json_ld


@cache_per_tone(query=ProgrammeFilterForm.base_fields, places=False)
def programme_list(request):
    form, filters = ProgrammeFilterForm.from_query(request.GET)
    # The form holds only the valid part of the query: kept when nothing else was asked.
    if all(request.GET.get(name) in (None, form.data[name]) for name in form.fields):
        confirm_query(request)
    programmes = Programme.objects.published().filtered(**filters).for_cards()
    programmes = programmes.with_upcoming_intakes()
    return render(
        request,
        "programmes/list.html",
        {"form": form, "programmes": programmes, "filtered": any(filters.values())},
    )


@method_decorator(cache_per_tone(places=False), name="dispatch")
class ProgrammeDetailView(DetailView):
    template_name = "programmes/detail.html"
    context_object_name = "programme"

    def get_object(self, queryset=None):
        """The programme with its field and coming intakes: kept per content version and
        day, so that the page rendered anew (a new tone) asks no query for it."""
        slug = self.kwargs["slug"]
        key = f"programme-page:{timezone.localdate():%Y%m%d}:{slug}"
        programme = kept_per_version(key, lambda: read_programme(slug))
        if programme is None:
            raise Http404
        return programme

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        programme = self.object
        context["events"] = Event.objects.kept_cards(
            f"programme-{programme.pk}",
            lambda: programme.events.published().upcoming().for_cards(),
        )
        context["json_ld"] = self.json_ld()
        # Read only where the page's part made once per content version is made anew.
        next_intake = functools.cache(programme.next_open_intake)
        context["intakes"] = SimpleLazyObject(programme.intakes_today)
        context["next_intake"] = SimpleLazyObject(next_intake)
        context["tuition"] = SimpleLazyObject(lambda: programme.tuition_on(next_intake()))
        context["locations"] = SimpleLazyObject(lambda: _LOCATIONS(programme.pk))
        return context

    def json_ld(self):
        """The programme's schema.org data, the same for every tone but its description."""
        programme, request = self.object, self.request
        site = request.build_absolute_uri("/")
        day = f"{timezone.localdate():%Y%m%d}"
        key = f"programme-json-ld:{day}:{get_language()}:{site}:{programme.pk}"
        data = kept_per_version(key, lambda: programme_json_ld(programme, request))
        return {**data, "description": request.tone.render(programme.summary)}


_PUBLISHED = Prepared(
    lambda slug: Programme.objects.published().select_related("field").filter(slug=slug)
)
_INTAKES = Prepared(
    lambda programme: Intake.objects.filter(programme=programme, archived=False).order_by(
        "start_date"
    )
)
_LOCATIONS = Prepared(lambda programme: Location.objects.filter(programmes=programme))


def read_programme(slug):
    """The programme with its coming intakes, as with_upcoming_intakes() gives them."""
    programme = _PUBLISHED.first(slug)
    if programme is not None:
        today = timezone.localdate()
        intakes = _INTAKES(programme.pk)
        programme.upcoming_intakes = [i for i in intakes if i.start_date >= today]
    return programme


@cache_per_tone(query=["wanneer"], places=False)
def event_list(request):
    when = request.GET.get("wanneer", "")
    if when in WHEN:
        confirm_query(request)
    when = when if when in WHEN else ""
    events = Event.objects.published().upcoming().for_working_people(when).for_cards()
    filters = [("", _("Alle")), *WHEN.items()]
    return render(
        request,
        "programmes/event_list.html",
        {"events": events, "when": when, "filters": filters},
    )


@method_decorator(cache_per_tone(places=False), name="dispatch")
class EventDetailView(DetailView):
    template_name = "programmes/event_detail.html"
    context_object_name = "event"
    queryset = Event.objects.published().for_cards().with_programmes().select_related("location")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["json_ld"] = event_json_ld(self.object, self.request)
        context["open"] = self.object.is_open_for_signup()
        if not context["open"]:
            context["next_event"] = self.object.next_of_its_kind()
        return context
