"""Public pages of the personas app: landing pages per persona and the route finder."""

import copy
from typing import NamedTuple
from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from mkbroute.lib.cache import cache_per_tone, confirm_form_query, confirm_query
from mkbroute.lib.content import kept_per_version
from mkbroute.lib.queries import Prepared
from programmes.admission import build_plan
from programmes.calendar import plan_calendar
from programmes.models import Event, Programme

from . import assignment, finder_rules, start_check
from .experiments import with_variant
from .forms import FinderForm
from .models import Benefit, Persona, Story, TargetGroup
from .tone import set_tone, tone_by_slug

FINDER_SUBMITTED = "stap"


def landing(request, slug):
    page = persona_page(slug)
    if page is None:
        raise Http404
    # A visitor already in the tone of one of this persona's groups keeps it: a doorstromer
    # who works stays a "werkende die leert" here. Anyone else takes the persona's tone.
    # Decided before the cached page, so that the page is cached under the tone it shows.
    if request.tone.pk not in page.tones:
        set_tone(request, tone_by_slug(page.persona.tone.slug))
    drawn = assignment.assign(request, slug)  # before the cache: its key has the variant
    response = landing_page(request, slug)
    if drawn:
        assignment.remember(response, drawn)
    return response


class PersonaPage(NamedTuple):
    persona: Persona  # with its tone; shared by every request: copied before any change
    groups: list  # its active target groups
    tones: set  # the ids of the tones its page may be read in: its own and its groups'


_ACTIVE_PERSONA = Prepared(
    lambda slug: Persona.objects.active().select_related("tone").filter(slug=slug)
)
_ACTIVE_GROUPS = Prepared(lambda persona: TargetGroup.objects.active().filter(persona=persona))
_PROGRAMMES = Prepared(
    lambda persona: Programme.objects.published().filter(personas=persona).select_related("field")
)
_PROGRAMME_LOCATIONS = Prepared(
    lambda persona: (
        Programme.locations.through.objects.filter(
            programme__personas=persona, programme__published=True
        )
        .select_related("location")
        .order_by("location__name")
    )
)


def programmes_of(persona):
    """The persona's published programmes for their cards, each with its locations: as
    for_cards() gives them, in two queries whose SQL is built once per process."""
    programmes = _PROGRAMMES(persona)
    locations = {programme.pk: [] for programme in programmes}
    for link in _PROGRAMME_LOCATIONS(persona):
        locations[link.programme_id].append(link.location)
    for programme in programmes:
        programme.locations_read = locations[programme.pk]
    return programmes


_BENEFITS = Prepared(lambda persona: Benefit.objects.filter(personas=persona))
_STORIES = Prepared(
    lambda persona: Story.objects.published().filter(persona=persona).select_related("programme")
)


def persona_page(slug):
    """The PersonaPage of an active persona, or None: kept per content version, so that a
    page rendered anew (a new tone, a new variant) asks no query for it, and one right after
    an edit asks two, each built once per process."""
    if len(slug) > Persona._meta.get_field("slug").max_length:
        return None  # no persona's, and a key no one should have to keep
    return kept_per_version(f"persona-page:{slug}", lambda: _read_persona_page(slug))


def _read_persona_page(slug):
    persona = _ACTIVE_PERSONA.first(slug)
    if persona is None:
        return None
    groups = _ACTIVE_GROUPS(persona.pk)
    return PersonaPage(persona, groups, {persona.tone_id, *(group.tone_id for group in groups)})


@cache_per_tone(places=False)
def landing_page(request, slug):
    page = persona_page(slug)
    if page is None:  # archived between the two calls
        raise Http404
    persona, variant = page.persona, getattr(request, "experiment_variant", "")
    if variant:
        persona = with_variant(copy.copy(persona), variant)
    return render(
        request,
        "personas/landing.html",
        {
            "persona": persona,
            # Read only where the page's part made once per content version is made anew.
            "benefits": SimpleLazyObject(lambda: _BENEFITS(persona.pk)),
            "programmes": SimpleLazyObject(lambda: programmes_of(persona.pk)),
            "stories": SimpleLazyObject(lambda: _STORIES(persona.pk)),
            "events": Event.objects.next_cards(),
            "target_group": page.groups[0] if len(page.groups) == 1 else None,
        },
    )


@cache_per_tone(query=[FINDER_SUBMITTED, *FinderForm.base_fields], places=False)
def finder(request):
    if FINDER_SUBMITTED not in request.GET:
        return render(request, "personas/finder.html", {"form": FinderForm(tone=request.tone)})
    form = FinderForm(request.GET, tone=request.tone)
    if not form.is_valid():
        return render(request, "personas/finder.html", {"form": form})
    confirm_form_query(request, form)

    advice = finder_rules.advise(**form.cleaned_data)
    group = (
        TargetGroup.objects.active()
        .select_related("persona__tone", "tone")
        .filter(key=advice.target_group)
        .first()
        if advice.target_group
        else None
    )
    if group is not None:
        set_tone(request, tone_by_slug(group.active_tone.slug))
        programmes = group.persona.programmes.published().for_cards()
    else:
        programmes = Programme.objects.none()
    return render(
        request,
        "personas/finder_result.html",
        {"advice": advice, "group": group, "programmes": programmes, "answers": form.cleaned_data},
    )


CHECK_QUERY = [start_check.SUBMITTED, start_check.PRINT, *start_check.StartCheckForm.base_fields]


@cache_per_tone(query=CHECK_QUERY, places=False)
def check(request):
    """Kan ik starten?: a few questions, then route, dates, costs and the next step."""
    if start_check.SUBMITTED not in request.GET:
        initial = {"programme": request.GET.get("programme"), "diploma": request.GET.get("diploma")}
        form = start_check.StartCheckForm(initial=initial, tone=request.tone)
        programme, diploma = initial["programme"], initial["diploma"]
        if programme in (None, *form.programmes) and diploma in (None, *start_check.DIPLOMA_KEYS):
            confirm_query(request)
        return render(request, "personas/check.html", {"form": form})
    form = start_check.StartCheckForm(request.GET, tone=request.tone)
    if not form.is_valid():
        return render(request, "personas/check.html", {"form": form})
    confirm_form_query(request, form)
    plan = build_plan(form.answers(), timezone.localdate())
    # The links to the .ics and the print view carry the answers, and nothing else the first
    # visitor's address held (a click id, a campaign): this page is kept for everyone.
    answers = [(name, request.GET[name]) for name in CHECK_QUERY if name in request.GET]
    answers_query = urlencode(answers)
    context = {
        "form": form,
        "plan": plan,
        "answers_query": answers_query,
        "lead_query": urlencode(start_check.lead_form_query(plan)),
        "print_view": start_check.PRINT in request.GET,
    }
    return render(request, "personas/check_answer.html", context)


@cache_per_tone(query=CHECK_QUERY, places=False)
def check_calendar(request):
    """The visitor's dates as an .ics file; answers that do not add up go back to the page."""
    form = start_check.StartCheckForm(request.GET, tone=request.tone)
    if not form.is_valid():
        return redirect(f"{reverse('personas:check')}?{request.GET.urlencode()}")
    confirm_form_query(request, form)
    plan = build_plan(form.answers(), timezone.localdate())
    response = HttpResponse(
        plan_calendar(plan, request.get_host()), content_type="text/calendar; charset=utf-8"
    )
    filename = f"mkb-route-{plan.answers.programme.slug}.ics"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
