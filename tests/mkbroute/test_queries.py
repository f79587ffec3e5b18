"""mkbroute.lib.queries reaches into Django's private query API: these tests fail when a Django
upgrade changes what it relies on, so that the lead export does not quietly break or slow
down."""

import datetime
from unittest import mock

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Count, F
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext
from django.utils.safestring import SafeString

from mkbroute.lib import paginators
from mkbroute.lib.queries import (
    Prepared,
    distinct_values,
    driver_rows,
    estimated_count,
    ordering,
    update_each,
    update_row,
    which_exist,
)

pytestmark = pytest.mark.django_db
JOINED = datetime.datetime(2026, 11, 29, 13, 5, tzinfo=datetime.UTC)


@pytest.fixture
def users():
    for n in range(5):
        User.objects.create(username=f"u{n}", is_staff=n % 2 == 0, date_joined=JOINED)
    return User.objects.order_by("username").values_list("username", "is_staff", "date_joined")


def test_it_gives_the_rows_of_the_iterator_as_the_driver_gives_them(users):
    rows = list(driver_rows(users, chunk_size=2))
    assert rows == [tuple(row) for row in rows], "a sequence a row"
    for (username, is_staff, joined), converted in zip(rows, users.iterator(), strict=True):
        assert (username, is_staff) == converted[:2]
        if connection.vendor == "sqlite":
            assert joined == JOINED.replace(tzinfo=None), "naive UTC, unconverted by Django"
        else:
            assert joined == JOINED and joined.tzinfo is not None
    assert list(driver_rows(users.none())) == []


def test_it_reads_one_query_through_a_server_side_cursor_on_postgresql(users):
    with CaptureQueriesContext(connection) as queries:
        rows = driver_rows(users, chunk_size=2)
        assert next(rows)[0] == "u0"
    assert len(queries) == 1
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_cursors WHERE name LIKE %s", ["_django_curs_%"])
            assert cursor.fetchone() == (1,), "the other rows wait in the database"
    assert [row[0] for row in rows] == ["u1", "u2", "u3", "u4"]


def test_it_tells_how_a_queryset_is_ordered_so_that_another_follows_it(users):
    by_staff = User.objects.order_by("-is_staff", F("username").desc())
    assert ordering(by_staff)[0] == "-is_staff"
    same = User.objects.filter(pk__in=by_staff.values("pk")).order_by(*ordering(by_staff))
    assert [user.username for user in same] == ["u4", "u2", "u0", "u3", "u1"]
    assert ordering(User.objects.all()) == (), "the model's default ordering is not explicit"


def test_it_updates_each_row_with_its_own_values_in_one_query(users):
    people = list(User.objects.order_by("username")[:3])
    for n, person in enumerate(people):
        person.first_name = f"Naam {n}"
        person.last_login = JOINED + datetime.timedelta(days=n)
    with CaptureQueriesContext(connection) as queries:
        assert update_each(people, ["first_name", "last_login"]) == 3
    assert len(queries) == 1
    stored = User.objects.order_by("username").values_list("first_name", "last_login")
    assert list(stored)[:4] == [
        ("Naam 0", JOINED),
        ("Naam 1", JOINED + datetime.timedelta(days=1)),
        ("Naam 2", JOINED + datetime.timedelta(days=2)),
        ("", None),
    ]
    assert update_each([], ["first_name"]) == 0


def test_it_updates_one_row_only_while_it_holds_what_is_expected(users):
    user = User.objects.get(username="u0")
    later = JOINED + datetime.timedelta(hours=3)
    with CaptureQueriesContext(connection) as queries:
        assert not update_row(User, user.pk, {"first_name": "Nee"}, is_staff=False)
        assert not update_row(User, user.pk, {"first_name": "Nee"}, username=["u1", "u2"])
        changes = {"first_name": "Ja", "last_login": later, "email": ""}
        assert update_row(User, user.pk, changes, username=["u1", "u0"], is_staff=True)
    assert len(queries) == 3
    stored = User.objects.filter(pk=user.pk).values_list("first_name", "last_login", "username")
    assert stored.get() == ("Ja", later, "u0"), "only that row, its moment as the ORM stores it"
    assert User.objects.filter(last_login=later).count() == 1, "found by the ORM's lookup"
    assert update_row(User, user.pk, {"last_login": None}, last_login=later)
    assert User.objects.get(pk=user.pk).last_login is None
    assert set(User.objects.values_list("first_name", flat=True)) == {"", "Ja"}


def test_it_lists_a_columns_distinct_values_one_index_step_each(users):
    for n, name in enumerate(["voorjaar", "najaar", "voorjaar", "", "open-dag"]):
        User.objects.filter(username=f"u{n}").update(last_name=name)
    with CaptureQueriesContext(connection) as queries:
        assert distinct_values(User, "last_name") == ["najaar", "open-dag", "voorjaar"]
    assert len(queries) == 1
    assert distinct_values(User, "last_name", above="open-dag") == ["voorjaar"]
    assert distinct_values(User, "email") == [], "every address is empty"


def test_it_estimates_an_unfiltered_count_from_postgresqls_statistics(users):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE auth_user")
        assert estimated_count(User.objects.all()) == 5
    else:
        assert estimated_count(User.objects.all()) is None, "SQLite keeps no such estimate"
    assert estimated_count(User.objects.filter(is_staff=True)) is None
    assert estimated_count(User.objects.order_by("username")[:2]) is None
    assert estimated_count(User.objects.distinct()) is None


def test_the_paginator_counts_only_when_there_is_no_estimate_or_few_rows(users, monkeypatch):
    users = User.objects.order_by("pk")
    monkeypatch.setattr(paginators, "estimated_count", lambda queryset: 1_000_000)
    with CaptureQueriesContext(connection) as queries:
        assert paginators.EstimatedCountPaginator(users, 50).count == 1_000_000
    assert len(queries) == 0
    monkeypatch.setattr(paginators, "estimated_count", lambda queryset: 9_999)
    assert paginators.EstimatedCountPaginator(users, 50).count == 5, "exact"
    monkeypatch.setattr(paginators, "estimated_count", lambda queryset: None)
    assert paginators.EstimatedCountPaginator(users, 50).count == 5


def test_a_prepared_query_gives_what_its_queryset_gives_with_its_sql_built_once(users):
    group = Group.objects.create(name="Een groep voor deze test")
    group.user_set.set(User.objects.filter(is_staff=True))
    pks = list(User.objects.order_by("pk").values_list("pk", flat=True))

    def build(low, high):
        chosen = User.objects.filter(pk__gte=low, pk__lte=high).only("username", "date_joined")
        return chosen.annotate(groups_in=Count("groups")).order_by("-pk")

    def seen(objects):
        return [
            (u.pk, u.username, u.date_joined, u.groups_in, u.get_deferred_fields()) for u in objects
        ]

    prepared = Prepared(build)
    with mock.patch.object(
        SQLCompiler, "as_sql", autospec=True, side_effect=SQLCompiler.as_sql
    ) as as_sql:
        answers = [prepared(low, high) for low, high in [(pks[0], pks[-1]), (pks[1], pks[2])]]
        answers.append(prepared(pks[-1] + 1, pks[-1] + 5))
    assert as_sql.call_count == 2, "two builds to find where the values go, then none"
    assert seen(answers[0]) == seen(build(pks[0], pks[-1])) and len(answers[0]) == 5
    assert seen(answers[1]) == seen(build(pks[1], pks[2])) and len(answers[1]) == 2
    assert answers[2] == []
    joined = answers[0][0].date_joined
    assert joined == JOINED and joined.tzinfo is not None, "converted as Django converts"
    assert [u.groups_in for u in answers[0]] == [1, 0, 1, 0, 1]


def test_a_prepared_values_list_gives_its_tuples_converted(users):
    pks = list(User.objects.order_by("pk").values_list("pk", flat=True))
    prepared = Prepared(
        lambda low: (
            User.objects.filter(pk__gte=low).order_by("pk").values_list("username", "date_joined")
        )
    )
    assert prepared(pks[3]) == list(
        User.objects.filter(pk__gte=pks[3]).order_by("pk").values_list("username", "date_joined")
    )
    assert prepared(pks[3])[0] == ("u3", JOINED)


def test_a_prepared_query_takes_a_choice_or_safe_text_as_text(users):
    by_name = Prepared(lambda name: User.objects.filter(username=name))
    assert [u.username for u in by_name(SafeString("u1"))] == ["u1"]
    assert [u.username for u in by_name("u2")] == ["u2"]


def test_a_row_update_cannot_expect_null(users):
    user = User.objects.get(username="u1")
    with pytest.raises(ValueError):
        update_row(User, user.pk, {"first_name": "Kim"}, last_login=None)


def test_a_prepared_query_takes_text_as_it_is(users):
    first = User.objects.order_by("pk").first().pk
    by_name = Prepared(lambda name, low: User.objects.filter(username=name, pk__gte=low))
    assert [u.username for u in by_name("u2", first)] == ["u2"]
    assert by_name("u1", first + 2) == [] and by_name("u'1; --", first) == []
    assert by_name.first("u1", first).username == "u1"


def test_a_prepared_query_follows_select_related_in_one_query():
    content_type = ContentType.objects.get_for_model(User)
    prepared = Prepared(
        lambda pk: Permission.objects.select_related("content_type").filter(content_type=pk)
    )
    with CaptureQueriesContext(connection) as queries:
        permissions = prepared(content_type.pk)
        models = {permission.content_type.model for permission in permissions}
    assert len(queries) == 1
    assert models == {"user"} and len(permissions) == 4
    assert prepared.first(content_type.pk + 10_000) is None


def test_a_prepared_query_refuses_what_it_cannot_keep_apart():
    by_pk = Prepared(lambda pk: User.objects.filter(pk=pk))
    with pytest.raises(TypeError):
        by_pk(True)
    with pytest.raises(TypeError):
        by_pk(1.0)
    by_pk(1)
    with pytest.raises(TypeError):  # built for a number
        by_pk("1")
    with pytest.raises(ValueError):  # Django rewrites the value: "%u1%"
        Prepared(lambda name: User.objects.filter(username__contains=name))("u1")
    with pytest.raises(ValueError):  # the value never reaches the SQL
        Prepared(lambda pk: User.objects.all())(1)
    with pytest.raises(ValueError):  # dicts
        Prepared(lambda pk: User.objects.filter(pk=pk).values("username"))(1)
    with pytest.raises(ValueError):  # an annotation among the values, which Django reorders
        Prepared(lambda pk: User.objects.filter(pk=pk).values_list("username", Count("groups")))(1)
    with pytest.raises(ValueError):  # two queries, not one
        Prepared(lambda pk: User.objects.filter(pk=pk).prefetch_related("groups"))(1)


def test_it_tells_in_one_query_which_conditions_some_row_meets(users):
    with CaptureQueriesContext(connection) as queries:
        found = which_exist(
            (User, "username", "u3"), (User, "username", "nobody"), (User, "is_staff", True)
        )
    assert found == [True, False, True] and len(queries) == 1
    assert which_exist((User, "date_joined", JOINED), (User, "is_staff", None)) == [True, False]
