"""What Django's public QuerySet API does not give: the one place that uses its private query
API (the Query and its compiler). tests/mkbroute/test_queries.py fails when a Django upgrade
changes what these rely on.
"""

from itertools import chain

from django.db import connections, router, transaction
from django.db.models.query import ModelIterable, ValuesListIterable, get_related_populators
from django.db.models.sql.constants import MULTI
from django.db.transaction import TransactionManagementError


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


def update_row(model, pk, changes, **expected):
    """Set changes ({field: value}) on the row of model with this pk if each field named in
    expected still holds its value (any of them, for a list or tuple): whether it did. The one
    UPDATE QuerySet.filter(pk=pk, **expected).update(**changes) runs, with the values prepared
    as it prepares them, but written here: Django's compiler took five times as long as the
    query itself, and the outbox records a mail's claim and its outcome this way, two for each
    mail the worker sends. Plain values only, no expressions; like update(), no save(), no
    signal, no auto_now.
    """
    connection = connections[router.db_for_write(model)]
    quote, meta = connection.ops.quote_name, model._meta
    assignments, conditions, params = [], [f"{quote(meta.pk.column)} = %s"], []
    for name, value in changes.items():
        field = meta.get_field(name)
        assignments.append(f"{quote(field.column)} = %s")
        params.append(field.get_db_prep_save(value, connection))
    params.append(meta.pk.get_db_prep_value(pk, connection))
    for name, value in expected.items():
        field = meta.get_field(name)
        values = value if isinstance(value, list | tuple) else [value]
        if None in values:
            raise ValueError("update_row compares with =: it cannot expect NULL.")
        conditions.append(f"{quote(field.column)} IN ({', '.join(['%s'] * len(values))})")
        params += [field.get_db_prep_value(one, connection) for one in values]
    table = quote(meta.db_table)
    sql = f"UPDATE {table} SET {', '.join(assignments)} WHERE {' AND '.join(conditions)}"
    with transaction.mark_for_rollback_on_error(connection.alias), connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount > 0


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


class Prepared:
    """A query that runs again and again with other values in it (primary keys, a slug, a
    token: whole numbers and text), whose SQL Django builds once per process instead of at
    every run.

    Building a queryset's SQL (its expressions, joins, grouping) costs Django 0.3-1 ms each
    time, several times what the database takes to answer; the pages behind a personal link
    run such queries on every request (BENCHMARKS.md, "Where the time goes"). `build(*values)`
    must give the same query for any values but those: nothing from the clock or a setting.
    Each value must reach the database as it is (`slug=value`, not `name__icontains=value`,
    which Django rewrites): anything else is refused when the SQL is built.
    Calling gives a list of the objects the queryset gives: fields, annotations, select_related;
    or of a values_list()'s tuples.
    """

    def __init__(self, build):
        self.build = build
        self.compiled = None

    def __call__(self, *values):
        # Text as text: a choice (TextChoices) or a SafeString is a str of its own kind.
        values = tuple(str.__str__(value) if isinstance(value, str) else value for value in values)
        types = tuple(type(value) for value in values)
        compiled = self.compiled or self.compile(types)
        if types != compiled.types:
            raise TypeError(f"Prepared was built for values of {compiled.types}, not {types}.")
        params = list(compiled.params)
        for position, index in compiled.holes.items():
            params[position] = values[index]
        connection = connections[compiled.db]
        if compiled.for_update and connection.get_autocommit():
            # As Django refuses it: outside a transaction the lock would end with the query.
            raise TransactionManagementError("select_for_update outside a transaction.")
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        return [compiled.instance(row, connection) for row in rows]

    def first(self, *values):
        """The first object, or None."""
        found = self(*values)
        return found[0] if found else None

    def compile(self, types):
        if not all(kind in (int, str) for kind in types):
            raise TypeError("Prepared takes whole numbers and text only.")
        # Built twice with stand-ins for the values: where the parameters of the two builds
        # differ, the values go. Numbers small and positive, so that every integer field takes
        # them (Django drops a condition whose value is out of the field's range).
        # Text in capitals, with LIKE's wildcards and its escape and spaces around it: a
        # build or a lookup that changes text (strip(), lower(), iexact's escaping on SQLite)
        # changes these too, and is refused, where it would pass plain text as it is.
        first, second = (
            [
                32001 + n + round_ * 100 if kind is int else f" Prepared%_\\{round_} {n} "
                for n, kind in enumerate(types)
            ]
            for round_ in (0, 1)
        )
        queryset = self.build(*first)
        if queryset._prefetch_related_lookups or queryset._known_related_objects:
            raise ValueError("Prepared runs one query: no prefetch_related or related manager.")
        rows = queryset._iterable_class is ValuesListIterable
        if rows and (queryset.query.annotation_select or queryset.query.extra_select):
            raise ValueError("Prepared gives values_list() of fields only.")
        if not rows and queryset._iterable_class is not ModelIterable:
            raise ValueError("Prepared gives objects or values_list() tuples only.")
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        again = self.build(*second)
        sql_again, params_again = again.query.get_compiler(using=again.db).as_sql()
        holes = {
            position: first.index(one) if one in first else None
            for position, (one, other) in enumerate(zip(params, params_again, strict=True))
            if one != other
        }
        reached = sorted(index for index in holes.values() if index is not None)
        if sql != sql_again or None in holes.values() or reached != list(range(len(types))):
            raise ValueError("Each value must reach the SQL as it is, as a parameter of its own.")
        compiled = _Compiled(queryset.db, compiler, sql, params, holes, rows, types)
        features = compiler.connection.features
        compiled.for_update = queryset.query.select_for_update and (
            features.has_select_for_update and features.supports_transactions
        )
        self.compiled = compiled
        return compiled


class _Compiled:
    """What Prepared keeps of a compiled query, and how a row becomes an object: as Django's
    ModelIterable does it, with the converters of the connection of the thread that asks."""

    def __init__(self, db, compiler, sql, params, holes, rows, types):
        self.db, self.sql, self.params, self.holes = db, sql, tuple(params), holes
        self.types = types
        self.rows, self.width = rows, compiler.col_count
        klass_info, select = compiler.klass_info, compiler.select
        self.model = klass_info["model"]
        fields = klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.init_list = [column[0].target.attname for column in select[self.start : self.end]]
        self.related = get_related_populators(klass_info, select, db)
        self.annotations = list(compiler.annotation_col_map.items())
        self.converters = list(
            compiler.get_converters([column[0] for column in select[: compiler.col_count]]).items()
        )

    def instance(self, row, connection):
        if self.converters:
            row = list(row)
            for position, (converters, expression) in self.converters:
                value = row[position]
                for converter in converters:
                    value = converter(value, expression, connection)
                row[position] = value
        if self.rows:
            return tuple(row[: self.width])
        obj = self.model.from_db(self.db, self.init_list, row[self.start : self.end])
        for populator in self.related:
            populator.populate(row, obj)
        for name, position in self.annotations:
            setattr(obj, name, row[position])
        return obj


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
