"""What Prepared refuses, and how its uses stay right when others write meanwhile."""

import threading

import pytest
from django.contrib.auth.models import User
from django.db import connection, transaction

from leads import models as lead_models
from leads.models import Lead, Submission, for_own_page
from leads.models import submissions as submissions_module
from mkbroute.lib.queries import Prepared
from tests.factories import make_lead, make_programme

pytestmark = pytest.mark.django_db


def test_a_lookup_that_rewrites_its_text_is_refused_where_django_rewrites_it():
    User.objects.create(username="ab")
    User.objects.create(username="a_")
    by_name = Prepared(lambda name: User.objects.filter(username__iexact=name))
    if connection.vendor == "sqlite":  # LIKE, with the value's wildcards escaped
        with pytest.raises(ValueError):
            by_name("a_")
    else:  # UPPER(username) = UPPER(%s): the value goes as it is
        assert [u.username for u in by_name("A_")] == ["a_"]


def test_a_build_that_changes_its_text_is_refused():
    User.objects.create(username="kim")
    by_name = Prepared(lambda name: User.objects.filter(username=name.strip().lower()))
    with pytest.raises(ValueError):
        by_name(" KIM ")


def test_the_own_page_survives_a_submission_made_while_it_reads():
    lead = make_lead("kim@example.nl", programmes=[make_programme()])
    names = submissions_module._OWN_PROGRAMME_NAMES
    real = names.__call__

    class Racing:
        # A submit of the same person (another tab) commits between the page's queries.
        def __call__(self, *values):
            make_lead("kim@example.nl", programmes=[make_programme(name="Tweede")])
            return real(*values)

    submissions_module._OWN_PROGRAMME_NAMES = Racing()
    try:
        shown = for_own_page(lead.pk)
    finally:
        submissions_module._OWN_PROGRAMME_NAMES = names
    assert len(shown) == 1
    assert Submission.objects.filter(lead=lead).count() == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="FOR UPDATE on PostgreSQL")
def test_the_lock_read_outside_a_transaction_is_refused_as_django_refuses_it(transactional_db):
    make_lead("kim@example.nl")
    key = Lead.objects.get().email_key
    with transaction.atomic():
        lead_models.people._submitting_lead.first(key)  # built here, inside one
    # Django raises TransactionManagementError for this; the kept SQL runs without the lock.
    with pytest.raises(transaction.TransactionManagementError):
        lead_models.people._submitting_lead.first(key)


def test_threads_compile_at_once_and_each_gets_right_rows(transactional_db):
    for n in range(3):
        User.objects.create(username=f"t{n}")
    by_name = Prepared(lambda name: User.objects.filter(username=name))
    found, errors = {}, []

    def ask(n):
        try:
            found[n] = [u.username for u in by_name(f"t{n}")]
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and found == {n: [f"t{n}"] for n in range(3)}
