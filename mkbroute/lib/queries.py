"""What Django's public QuerySet API does not give: the one place that uses its private query
API (the Query and its compiler). tests/mkbroute/test_queries.py fails when a Django upgrade
changes what these rely on.
"""

from itertools import chain

from django.db import connections, router
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


def update_each(objects, fields):
    """Save these fields of each object (all of one model, each with its pk) with one UPDATE
    the driver runs for every row (executemany): one query, whatever their number.

    QuerySet.bulk_update writes a CASE WHEN per field and row, each a Django expression built
    in Python: for the thousands of alerts a weekly digest run updates, that took seconds.
    Like bulk_update, this calls no save() and sends no signal; auto_now is not applied.
    """
    if not objects:
        return 0
    model = type(objects[0])
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    chosen = [model._meta.get_field(name) for name in fields]
    pk = model._meta.pk
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in chosen)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(pk.column)} = %s"
    rows = [
        [field.get_db_prep_save(getattr(obj, field.attname), connection) for field in chosen]
        + [pk.get_db_prep_save(obj.pk, connection)]
        for obj in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    return len(objects)


def estimated_count(queryset):
    """PostgreSQL's estimate of how many rows `queryset` has, from the table's statistics
    (pg_class.reltuples, kept by ANALYZE and autovacuum), when it has no condition, no
    DISTINCT and no LIMIT, so that every row of its table counts; otherwise, or on another
    database, or before the table was ever analyzed, None."""
    query = queryset.query
    if query.where or query.distinct or query.combinator or query.is_sliced:
        return None
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE oid = to_regclass(%s)",
            [connection.ops.quote_name(queryset.model._meta.db_table)],
        )
        row = cursor.fetchone()
    return int(row[0]) if row and row[0] >= 0 else None


def distinct_values(model, name, above=""):
    """The distinct values above `above` of the indexed column of field `name`, in order:
    one step through the index per value (a loose index scan), where SELECT DISTINCT reads
    every row. For a column with a few values in a large table, such as the campaign names
    of every submission. A recursive query, as both SQLite and PostgreSQL run it."""
    connection = connections[router.db_for_read(model)]
    quote = connection.ops.quote_name
    column, table = quote(model._meta.get_field(name).column), quote(model._meta.db_table)
    sql = (
        f"WITH RECURSIVE found(value) AS ("
        f" SELECT (SELECT MIN({column}) FROM {table} WHERE {column} > %s)"
        f" UNION ALL"
        f" SELECT (SELECT MIN({column}) FROM {table} WHERE {column} > found.value)"
        f" FROM found WHERE found.value IS NOT NULL"
        f") SELECT value FROM found WHERE value IS NOT NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [above])
        return [value for (value,) in cursor.fetchall()]


def which_exist(*conditions):
    """For each (model, field name, value): whether a row of the model has that value in that
    field, all in one small query, so that a page skips the queries of what is not there.

    Each condition as a QuerySet's .exists() took some two tenths of a millisecond to build;
    written out here it is a few microseconds. The models share one database."""
    model = conditions[0][0]
    connection = connections[router.db_for_read(model)]
    quote = connection.ops.quote_name
    checks, values = [], []
    for model, name, value in conditions:
        field = model._meta.get_field(name)
        table, column = quote(model._meta.db_table), quote(field.column)
        checks.append(f"EXISTS (SELECT 1 FROM {table} WHERE {column} = %s)")
        values.append(field.get_db_prep_value(value, connection))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(checks)}", values)
        return [bool(found) for found in cursor.fetchone()]
