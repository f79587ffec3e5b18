"""A paginator for admin lists of many rows: Django counts every row for the page links."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from .queries import estimated_count

# Under this many rows the estimate is not used: counting them is cheap, and exact.
EXACT_BELOW = 10_000


class EstimatedCountPaginator(Paginator):
    """On PostgreSQL, an unfiltered list of many rows takes its count from the table's
    statistics instead of counting every row; a filtered list, a small table or SQLite
    (where counting the narrowest index is quick) is counted exactly. ANALYZE samples the table,
    so the estimate is close, not exact: the link to the last page may be a page off."""

    @cached_property
    def count(self):
        estimate = estimated_count(self.object_list)
        if estimate is not None and estimate >= EXACT_BELOW:
            return estimate
        return super().count
