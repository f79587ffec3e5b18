"""The fold of submissions and leads into the daily rows the results page sums (LeadDay,
LeadStatusDay), run with the funnel's hourly fold.

A day's rows are counted anew from its submissions whenever something in it may have
changed: a new submission (of a new person or of one who wrote before), a person changed (a
status set) since the fold before. A person deleted (erased, purged) leaves the sums short of
the submissions: then every day is counted anew. So after each fold the rows say exactly what
the submissions say.
"""

import datetime
import logging
from collections import Counter, namedtuple
from itertools import groupby
from operator import itemgetter
from urllib.parse import urlsplit

from django.db import DatabaseError, transaction
from django.db.models import Max, Q, Sum
from django.utils import timezone

from leads.models import Lead, Submission
from mkbroute.lib import counters

from .models import LeadDay, LeadFold, LeadStatusDay

logger = logging.getLogger(__name__)

# What a transaction still open when the fold before began wrote is looked at again: no
# request or task of ours takes this long.
SLACK = datetime.timedelta(minutes=10)
NO_PERSONA = "Zonder persona"  # the weekly chart's name for leads without one
# Days changed in more stretches than this are all counted anew: cheaper than a query with
# that many ranges, and such a fold is rare (a bulk status change, an import).
MAX_STRETCHES = 50
BATCH = 2000
# The worker folds a little after each hour closes (funnel.next_fold_at): a fold older than
# this is late.
LATE = datetime.timedelta(seconds=counters.HOUR + counters.GRACE + 60)
FIELDS = (
    "lead_id",
    "created_at",
    "target_group_id",
    "channel_id",
    "persona_id",
    "persona__name",
    "tone_id",
    "landing_path",
    "page_path",
)


def lead_page(landing_path, page_path):
    """The page a lead is counted on: where its visit landed, else (a direct visit, which has
    no attribution) the page of the form."""
    return urlsplit(landing_path).path[:200] or page_path[:200]


def local_days(moments):
    zone = timezone.get_current_timezone()
    return {moment.astimezone(zone).date() for moment in moments}


def midnight(day):
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())


def stretches(days):
    """Runs of consecutive days as (first, last), in order."""
    runs = []
    for day in sorted(days):
        if runs and day == runs[-1][1] + datetime.timedelta(days=1):
            runs[-1][1] = day
        else:
            runs.append([day, day])
    return runs


def on(days, field="created_at"):
    """A filter for times on these (local) days."""
    found = Q(pk__in=[])
    for first, last in stretches(days):
        after, before = midnight(first), midnight(last + datetime.timedelta(days=1))
        found |= Q(**{f"{field}__gte": after, f"{field}__lt": before})
    return found


# A LeadDay without its count: what tells rows apart.
Row = namedtuple(
    "Row", [f.attname for f in LeadDay._meta.fields if f.name not in ("id", "submissions")]
)


def last_fold():
    """The LeadFold the rows are of, after folding them now if the worker's hourly fold is
    late (or none ran yet): with a worker or without one, the rows are at most an hour old."""
    state = LeadFold.objects.filter(pk=1).first()
    late = timezone.now() - LATE
    if state is None or state.folded_at is None or state.folded_at < late:
        try:
            fold()
        except DatabaseError:  # another fold held the rows too long: they are as they are
            logger.warning("the leads could not be folded for the results page", exc_info=True)
        state = LeadFold.objects.filter(pk=1).first() or LeadFold(folded_at=timezone.now())
    return state


def fold():
    """Bring the rows up to date; the days that changed, or None when every day was counted
    anew (the first fold, or someone was deleted). One fold at a time: another waits for it,
    then finds little left to do."""
    with transaction.atomic():
        state, _new = LeadFold.objects.select_for_update().get_or_create(pk=1)
        started = timezone.now()
        # The submissions first: a submission seen has its person seen too.
        last_submission = Submission.objects.aggregate(n=Max("pk"))["n"] or 0
        last_lead = Lead.objects.aggregate(n=Max("pk"))["n"] or 0
        submissions = Submission.objects.filter(pk__lte=last_submission).order_by()
        leads = Lead.objects.filter(pk__lte=last_lead).order_by()
        days = None
        if state.folded_at is not None:
            since = state.folded_at - SLACK
            days = fold_changed(submissions, leads, state.last_submission, since)
            if not in_step(submissions, leads):
                days = None  # someone was deleted
        if days is None:
            fold_submissions(submissions)
            fold_leads(leads)
        state.folded_at, state.last_submission = started, last_submission
        state.folds += 1
        state.save()
    return days


def fold_changed(submissions, leads, last_submission, since):
    """Count anew the days of the people whose rows may have changed; those days. Days that
    lie scattered in more than MAX_STRETCHES stretches are all counted anew at once."""
    new = submissions.filter(Q(pk__gt=last_submission) | Q(created_at__gte=since))
    people = leads.filter(Q(updated_at__gte=since) | Q(pk__in=new.values("lead_id")))
    came_in = local_days(people.values_list("created_at", flat=True))
    wrote = local_days(submissions.filter(lead__in=people).values_list("created_at", flat=True))
    if wrote:
        fold_submissions(submissions, wrote if len(stretches(wrote)) <= MAX_STRETCHES else None)
    if came_in:
        fold_leads(leads, came_in if len(stretches(came_in)) <= MAX_STRETCHES else None)
    return wrote | came_in


def in_step(submissions, leads):
    """Whether the rows hold every submission and person: not after someone was deleted."""
    folded = LeadDay.objects.aggregate(n=Sum("submissions"))["n"] or 0
    came_in = LeadStatusDay.objects.aggregate(n=Sum("leads"))["n"] or 0
    return folded == submissions.count() and came_in == leads.count()


def fold_submissions(submissions, days=None):
    """Replace the LeadDay rows of these days (None: of every day) by rows counted anew."""
    if days is None:
        theirs, old = submissions, LeadDay.objects.all()
    else:
        # The earlier submissions of the people too: whether one counts depends on them.
        people = submissions.filter(on(days)).values("lead_id")
        theirs, old = submissions.filter(lead_id__in=people), LeadDay.objects.filter(day__in=days)
    ordered = theirs.order_by("lead_id", "created_at", "pk").values_list(*FIELDS)
    rows = lead_rows(ordered.iterator(BATCH), days)
    old.delete()
    new = (LeadDay(**row._asdict(), submissions=n) for row, n in rows.items())
    LeadDay.objects.bulk_create(new, BATCH)


def fold_leads(leads, days=None):
    """Replace the LeadStatusDay rows of these days (None: of every day) by rows counted
    anew."""
    if days is None:
        theirs, old = leads, LeadStatusDay.objects.all()
    else:
        theirs, old = leads.filter(on(days)), LeadStatusDay.objects.filter(day__in=days)
    zone = timezone.get_current_timezone()
    moments = theirs.values_list("created_at", "status").iterator(BATCH)
    counted = Counter((moment.astimezone(zone).date(), status) for moment, status in moments)
    old.delete()
    new = (LeadStatusDay(day=day, status=status, leads=n) for (day, status), n in counted.items())
    LeadStatusDay.objects.bulk_create(new, BATCH)


def lead_rows(submissions, days=None):
    """{Row: submissions} of the submissions on these days (None: every day), from the
    submissions given per person, in the order they came in."""
    rows, zone = Counter(), timezone.get_current_timezone()
    for _lead, theirs in groupby(submissions, key=itemgetter(0)):
        last = {}  # (kind, key): the day of the person's latest submission with it
        for _lead, created_at, group, channel, persona, name, tone, landing, path in theirs:
            day = created_at.astimezone(zone).date()
            keys = {
                "cell": (group, channel),
                "group": group,
                "channel": channel,
                "any": None,
                "page": (landing, path, tone, channel),  # as the funnel tells leads apart
                "persona": name or NO_PERSONA,  # as the weekly chart does: by name
            }
            before = {kind: last.get((kind, key)) for kind, key in keys.items()}
            if days is None or day in days:
                monday = day - datetime.timedelta(days=day.weekday())
                earlier_that_week = before["persona"] is not None and before["persona"] >= monday
                row = Row(
                    day=day,
                    target_group_id=group,
                    channel_id=channel,
                    persona_id=persona,
                    tone_id=tone,
                    page=lead_page(landing, path),
                    before_in_cell=before["cell"],
                    before_in_group=before["group"],
                    before_in_channel=before["channel"],
                    before=before["any"],
                    first_on_page_that_day=before["page"] != day,
                    first_for_persona_that_week=not earlier_that_week,
                )
                rows[row] += 1
            last.update({(kind, key): day for kind, key in keys.items()})
    return rows
