"""What Django's public QuerySet API does not give: the one place that uses its private query
API (the Query and its compiler). tests/mkbroute/test_queries.py fails when a Django upgrade
changes what these rely on.
"""

from itertools import chain

from django.db import connections
from django.db.models.sql.constants import MULTI


def driver_rows(queryset, chunk_size=2000):
    """The rows of a values_list() `queryset` as the database driver gives them, fetched
    `chunk_size` at a time from the cursor QuerySet.iterator() would use (server-side on
    PostgreSQL, unless the database's DISABLE_SERVER_SIDE_CURSORS says otherwise). The query
    runs on this call.

    QuerySet.iterator() turns every value into its field's Python type: for the lead export on
    SQLite that cost a sixth of its time and brought it under half the speed of a raw dump (see
    BENCHMARKS.md), while the spreadsheet writer takes the driver's values as they are
    (mkbroute.lib.spreadsheets: a naive moment is in UTC).
    """
    chunked = not connections[queryset.db].settings_dict.get("DISABLE_SERVER_SIDE_CURSORS")
    compiler = queryset.query.get_compiler(using=queryset.db)
    chunks = compiler.execute_sql(MULTI, chunked_fetch=chunked, chunk_size=chunk_size)
    return chain.from_iterable(chunks)


def ordering(queryset):
    """What `queryset` was explicitly ordered by, to order another query of its model alike."""
    return tuple(queryset.query.order_by)
