"""What an employer does with its own places through its link (close, reopen, copy for the
next intake), and whether a place shows or waits: the part of Werkplek that knows."""

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone


class Lifecycle:
    """Mixed into Werkplek."""

    # What a copy for the next intake takes over: the published content, not the dates.
    COPIED = [
        "title",
        "description",
        "hours_per_week",
        "has_supervisor",
        "salary_min",
        "salary_max",
        "places",
        "place",
        "pc4",
    ]

    @property
    def is_public(self):
        """Whether visitors see it, as Werkplek.objects.public() decides for many."""
        return (
            self.status == self.Status.OPEN
            and self.screened_at is not None
            and self.employer.is_public
            and self.open_until >= timezone.localdate()
        )

    @property
    def change_waiting(self):
        """The change of its screened values that waits for admissions' check, or None."""
        try:
            return self.pending_change
        except ObjectDoesNotExist:
            return None

    @property
    def waits_for_check(self):
        """As WerkplekQuerySet.waiting_for_check: new or changed, and not closed."""
        waiting = self.screened_at is None or self.change_waiting is not None
        return waiting and self.status not in self.CLOSED

    def close(self, status):
        self.status = status
        self.save()

    def reopen(self):
        """Open again, as confirmed now; a closing date that passed meanwhile starts afresh."""
        self.status, self.confirmed_at = self.Status.OPEN, timezone.now()
        if self.open_until < timezone.localdate():
            self.open_until = self._meta.get_field("open_until").get_default()
        self.save()

    def copy(self):
        """A new place with the same published content, for the next intake: it waits for
        admissions' check, as every place an employer adds does."""
        copy = type(self)(employer=self.employer, screened_at=None)
        for name in self.COPIED:
            setattr(copy, name, getattr(self, name))
        copy.save()
        copy.programmes.set(self.programmes.all())
        return copy
