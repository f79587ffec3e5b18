"""The table of the toolkit's counters (mkbroute/lib/tally.py) when there is no Redis."""

from django.db import models


class Counter(models.Model):
    """A login throttle, a submit rate limit or a funnel count not yet folded into rows: kept
    here, not in the cache, whose culling would delete it. Written only by the toolkit, in SQL
    of its own (an atomic add that the ORM cannot write), on the table named in settings.TALLY;
    this model makes the table with migrate, as the toolkit has no app of its own."""

    key = models.CharField(max_length=250)
    # Empty for a counter of its own; else the counter's name within a group (the funnel keeps
    # one group per kind and hour, and reads a group at once).
    field = models.TextField(blank=True, default="")
    value = models.BigIntegerField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "field"], name="counter_key_field")]

    def __str__(self):
        return f"{self.key} {self.field}".strip()
