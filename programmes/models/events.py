"""Events: open days, online information sessions and trial days, with their seats."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mkbroute.lib import tone_text
from mkbroute.lib.content import kept_per_version

from .catalogue import Location, Programme

EVENING_HOUR = 17  # an event from this hour on is for after work
WHEN = {
    "avond": _("’s Avonds"),
    "weekend": _("In het weekend"),
    "online": _("Online"),
}


# What the event cards are made from (their seats aside: see kept_cards).
CARD_MODELS = ("programmes.event", "programmes.event_programmes")


class KeptCards(list):
    """Events as EventQuerySet.kept_cards() keeps them, with the name they are kept under:
    {% event_cards %} keeps their HTML under it too."""

    def __init__(self, name, events):
        super().__init__(events)
        self.name = name


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def upcoming(self):
        return self.filter(ends_at__gte=timezone.now()).order_by("starts_at")

    def for_working_people(self, when):
        """Events that fit a working day: "avond" (from 17:00), "weekend" or "online"; any
        other value leaves the list as it is. Hours are those of the Dutch clock."""
        if when == "avond":
            return self.filter(starts_at__hour__gte=EVENING_HOUR)
        if when == "weekend":
            return self.filter(starts_at__week_day__in=[1, 7])  # Sunday and Saturday
        if when == "online":
            return self.filter(kind=Event.Kind.ONLINE)
        return self

    def for_cards(self):
        """Each event with its seats taken counted in the same query, so that a list of
        cards says which are full without a query per card: a subquery per event that reads
        one index (leads' submission_event_seat). Joining the sign-ups instead made the
        database sort every sign-up of every event, 50 ms at a few thousand each."""
        signups = self.model._meta.get_field("signups").related_model.objects
        taken = signups.filter(event=OuterRef("pk"), cancelled_at=None).order_by()
        taken = taken.values("event").annotate(seats=Count("lead", distinct=True))
        return self.annotate(seats_counted=Coalesce(Subquery(taken.values("seats")), 0))

    def kept_cards(self, name, build):
        """The events build() gives (after for_cards(): their cards say whether an event is
        full) as a list, made once per process and version of the events under `name`, which
        must say what build() gives; built only then. A sign-up that fills or frees an event's
        last seat makes a new version (leads' Submission), so the list is as fresh as a cached
        page, and counting each event's seats at every page rendered anew cost 1-1.5 ms at
        100,000 leads."""
        return kept_per_version(
            f"event-cards:{name}", lambda: KeptCards(name, build()), models=CARD_MODELS
        )

    def next_cards(self, count=3):
        """The cards of the next `count` events, kept as kept_cards() keeps them."""
        return self.kept_cards(
            f"next-{count}", lambda: self.published().upcoming().for_cards()[:count]
        )

    def with_free_seats(self):
        """Events someone new can still sign up for, as far as seats go; after for_cards()."""
        return self.filter(Q(capacity__isnull=True) | Q(capacity__gt=F("seats_counted")))

    def with_programmes(self):
        return self.prefetch_related(
            Prefetch("programmes", queryset=Programme.objects.published().order_by("order"))
        )


class Event(models.Model):
    class Kind(models.TextChoices):
        OPEN_DAY = "open_dag", _("Open dag")
        ONLINE = "online_voorlichting", _("Online voorlichting")
        TRIAL_DAY = "meeloopdag", _("Meeloopdag")

    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("titel"), max_length=120)
    slug = models.SlugField(_("naam in het adres"), unique=True)
    starts_at = models.DateTimeField(_("begint"))
    ends_at = models.DateTimeField(_("eindigt"))
    place = models.CharField(_("plaats"), max_length=200, blank=True)
    location = models.ForeignKey(
        Location,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("locatie"),
        help_text=_(
            "De campus waar de activiteit is: het adres staat bij de activiteit. Leeg bij een "
            "activiteit die alleen online is."
        ),
    )
    online_url = models.URLField(_("link voor online deelname"), blank=True)
    capacity = models.PositiveIntegerField(
        _("aantal plaatsen"), null=True, blank=True, help_text=_("Leeg: geen maximum.")
    )
    programmes = models.ManyToManyField(
        Programme, related_name="events", blank=True, verbose_name=_("opleidingen")
    )
    description = tone_text.TonedTextField(_("beschrijving"), blank=True, help_text=_("Markdown."))
    published = models.BooleanField(_("gepubliceerd"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("activiteit")
        verbose_name_plural = _("activiteiten")

    def __str__(self):
        return f"{self.title} ({timezone.localtime(self.starts_at):%d-%m-%Y})"

    def get_absolute_url(self):
        return reverse("programmes:event", args=[self.slug])

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("Een activiteit eindigt na het begin.")
        if self.kind == self.Kind.ONLINE and not self.online_url:
            errors["online_url"] = _("Een online voorlichting heeft een link nodig.")
        if self.kind != self.Kind.ONLINE and not self.place:
            errors["place"] = _("Vul in waar de activiteit is.")
        if self.kind != self.Kind.ONLINE and self.location_id is None:
            errors["location"] = _("Kies de locatie, zodat bezoekers het adres zien.")
        if errors:
            raise ValidationError(errors)

    def seats_taken(self):
        """People signed up and not cancelled, each counted once; counted by for_cards() when
        it made this event."""
        counted = getattr(self, "seats_counted", None)
        if counted is not None:
            return counted
        return self.signups.filter(cancelled_at=None).values("lead").distinct().count()

    def has_free_seat(self):
        return self.capacity is None or self.seats_taken() < self.capacity

    @property
    def is_full(self):
        return not self.has_free_seat()

    def has_seat_for(self, lead):
        """Whether lead may sign up: a seat is free, or they already have one."""
        if self.capacity is None or self.signups.filter(lead=lead, cancelled_at=None).exists():
            return True
        return self.has_free_seat()

    @property
    def has_ended(self):
        return self.ends_at <= timezone.now()

    def is_open_for_signup(self):
        """Whether someone new can still sign up: the event has not ended and a seat is free."""
        return not self.has_ended and self.has_free_seat()

    def next_of_its_kind(self):
        """The next published event of the same kind with a free seat, to offer when this one
        is full: never one that is full itself."""
        later = Event.objects.published().upcoming().for_cards()
        later = later.filter(kind=self.kind, starts_at__gt=self.starts_at).exclude(pk=self.pk)
        return later.with_free_seats().first()

    @property
    def is_online(self):
        return self.kind == self.Kind.ONLINE

    @property
    def attendance(self):
        """How people attend: "online", "mixed" (a place and a link) or "offline"."""
        if self.is_online or not self.place:
            return "online"
        return "mixed" if self.online_url else "offline"

    @property
    def is_evening(self):
        return timezone.localtime(self.starts_at).hour >= EVENING_HOUR

    @property
    def is_weekend(self):
        return timezone.localtime(self.starts_at).weekday() >= 5
