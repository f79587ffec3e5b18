"""Admissions' worklist "Zonder werkplek": people who want to start but have no employer yet,
the places that wait for admissions' check, and the introductions whose employer did not
answer ("geen reactie", see answers.py).

A person is on it when their latest submit says they have no mkb employer and names a start
(a month, or "zo snel mogelijk"), and no introduction of theirs reached an agreement. They
are grouped by the start they want; a group is urgent from HIGHLIGHT_WEEKS before it.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from leads.models import Lead, Submission
from mkbroute.lib import geo
from programmes.models import Intake, Programme

from . import matching
from .models import Introduction, Werkplek

HIGHLIGHT_WEEKS = 8
SHOWN_PER_GROUP = 25


def waiting():
    """The latest submission of each person on the worklist (a queryset).

    "Latest" as "no later submission of the same person exists": checked per candidate
    through the index on lead, where grouping every submission by lead first cost five times
    as much with 100,000 leads.
    """
    later = Submission.objects.filter(lead=OuterRef("lead"), pk__gt=OuterRef("pk"))
    placed = Introduction.objects.accepted().values("lead_id")
    return (
        Submission.objects.filter(has_employer=False)
        .exclude(preferred_start__in=["", "later"])
        .exclude(lead__status__in=[Lead.Status.NOT_INTERESTED, Lead.Status.ENROLLED])
        .exclude(lead_id__in=placed)
        .filter(~Exists(later))
    )


def start_of(preferred, asap):
    """The first day of the month a person wants to start ("asap": the next intake's)."""
    if preferred == "asap":
        return asap
    try:
        return datetime.date.fromisoformat(f"{preferred}-01")
    except ValueError:
        return None


def next_intake_month(today):
    coming = Intake.objects.filter(start_date__gte=today, archived=False)
    first = coming.order_by("start_date").first()
    return first.start_date.replace(day=1) if first else None


@dataclass
class Person:
    submission: Submission
    area: geo.Area | None
    suggestions: list


@dataclass
class Group:
    start: datetime.date | None
    count: int
    urgent: bool
    answers: list = field(default_factory=list)  # the preferred_start values in the group
    people: list = field(default_factory=list)

    @property
    def not_shown(self):
        """How many people with this start the page leaves out (the download has them)."""
        return self.count - len(self.people)


def groups(today=None, shown=SHOWN_PER_GROUP):
    """The worklist by start month, soonest first, each with its first `shown` people and the
    places that would fit them."""
    today = today or timezone.localdate()
    asap = next_intake_month(today)
    per_answer = waiting().order_by().values_list("preferred_start").annotate(n=Count("pk"))
    found = {}
    for answer, n in per_answer:
        start = start_of(answer, asap)
        group = found.setdefault(start, Group(start, 0, False))
        group.count += n
        group.answers.append(answer)
    highlight = datetime.timedelta(weeks=HIGHLIGHT_WEEKS)
    ordered = sorted(found.values(), key=lambda g: (g.start is None, g.start or today))
    candidates = matching.index(today)
    for group in ordered:
        group.urgent = group.start is not None and today >= group.start - highlight
        submissions = (
            waiting()
            .filter(preferred_start__in=group.answers)
            .select_related("lead")
            .prefetch_related("programmes")
            .order_by("created_at")[:shown]
        )
        for submission in submissions:
            profile = matching.Profile.of([submission])
            group.people.append(
                Person(submission, profile.area, matching.suggest(profile, candidates))
            )
    return ordered


def places_to_check():
    """Places that wait for admissions' check (new ones and changes), longest waiting first."""
    places = Werkplek.objects.waiting_for_check().select_related("employer", "pending_change")
    return places.prefetch_related("programmes").order_by("created_at")


def supply_and_demand():
    """[(programme, province name, open places, people without one)] for every pair that has
    either, by programme and province."""
    people, provinces = defaultdict(int), {}
    rows = waiting().order_by().values_list("programmes", "postcode").annotate(n=Count("pk"))
    for programme, postcode, n in rows:
        if postcode not in provinces:  # once per postcode, not per programme and postcode
            area = geo.lookup(postcode) if postcode else None
            provinces[postcode] = area.province if area else ""
        people[programme, provinces[postcode]] += n
    places = defaultdict(int)
    open_places = (
        Werkplek.objects.public()
        .order_by()
        .values_list("programmes", "province")
        .annotate(n=Sum("places"))
    )
    for programme, province, n in open_places:
        places[programme, province] += n
    names = dict(Programme.objects.values_list("pk", "name"))
    table = []
    for programme, province in {*people, *places}:
        name = names.get(programme, _("(geen opleiding gekozen)"))
        region = geo.PROVINCES.get(province, _("(onbekend)"))
        table.append((name, str(region), places[programme, province], people[programme, province]))
    return sorted(table)


def totals_per_programme(table):
    summed = Counter(), Counter()
    for programme, _region, places, people in table:
        summed[0][programme] += places
        summed[1][programme] += people
    return [(name, summed[0][name], summed[1][name]) for name in sorted({*summed[0], *summed[1]})]


def without_answer():
    """Introductions back with admissions because their employer did not answer: oldest
    first, with what the worklist shows of them."""
    introductions = Introduction.objects.without_answer().order_by("proposed_at")
    return introductions.select_related("lead", "werkplek__employer")
