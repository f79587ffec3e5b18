"""Each Prepared gives what its queryset gives: the same objects (fields, related objects
read with it, state), in the same order; a Django upgrade that changes how objects are made
from rows fails here."""

import pytest
from django.db import transaction

from employers import mine as employer_mine
from employers.models import Employer, EmployerHistory, employer_for_link
from leads import forms as lead_forms
from leads import mails
from leads.models import Consent, Lead, Submission, lead_for_link, people, submissions
from tests.employers.helpers import make_employer, make_werkplek
from tests.factories import make_lead, make_programme

pytestmark = pytest.mark.django_db


def state(obj):
    if isinstance(obj, tuple):
        return obj
    values = {k: v for k, v in obj.__dict__.items() if k != "_state"}
    cached = {k: state(v) for k, v in obj._state.fields_cache.items() if v is not None}
    return (type(obj), values, cached, obj._state.db, obj._state.adding)


def same(got, expected):
    assert [state(o) for o in got] == [state(o) for o in expected]


def test_the_employer_uses():
    stopped = make_employer(status=Employer.Status.STOPPED)
    silent = make_employer(contact_email="")
    good = make_employer()
    for employer in (stopped, silent, good):
        assert employer_for_link(employer.pk, employer.link_version) == (
            employer if employer is good else None
        )
        if employer is good:
            got = employer_for_link(employer.pk, employer.link_version)
            expected = (
                Employer.objects.exclude(contact_email="")
                .exclude(status=Employer.Status.STOPPED)
                .filter(pk=employer.pk, link_version=employer.link_version)
                .first()
            )
            same([got], [expected])
    assert employer_for_link(good.pk, good.link_version + 1) is None
    for _ in range(3):
        make_werkplek(good)
    make_werkplek(stopped)
    good.record("iets", werkplek=good.werkplekken.first())
    good.record("nog iets")
    same(employer_mine.overview_places(good.pk), list(employer_mine.places_of(good.pk)))
    same(
        employer_mine.overview_history(good.pk),
        # The related manager also caches each row's employer (unused by the page).
        list(EmployerHistory.objects.filter(employer=good).select_related("werkplek")[:20]),
    )


def test_the_lead_uses():
    programme, other = make_programme(), make_programme()
    lead = make_lead("kim@example.nl", programmes=[programme, other])
    make_lead("kim@example.nl", programmes=[other])
    make_lead("someone@example.nl")
    got = lead_for_link(lead.pk, lead.link_version)
    same([got], [Lead.objects.filter(pk=lead.pk, link_version=lead.link_version).first()])
    assert lead_for_link(lead.pk, lead.link_version + 1) is None
    with transaction.atomic():
        same(
            [people._submitting_lead.first(lead.email_key)],
            [Lead.objects.filter(email_key=lead.email_key).select_for_update().first()],
        )
    shown = submissions.for_own_page(lead.pk)
    expected = list(
        Submission.objects.filter(lead=lead)
        .select_related("tone", "event", "target_group", "channel")
        .only(*submissions._OWN_COLUMNS)
        .order_by("-created_at", "-pk")
    )
    assert [s.pk for s in shown] == [s.pk for s in expected]
    for s, e in zip(shown, expected, strict=True):
        names = [p.name for p in e.programmes.all()]
        assert s.programme_names == names
        assert [c.pk for c in s.shown_consents] == sorted(c.pk for c in e.consents.all())
    submission = shown[0]
    got = mails.SUBMISSION.first(submission.pk)
    expected = (
        Submission.objects.select_related("tone", "lead")
        .only(*mails.CONFIRMATION_READS)
        .get(pk=submission.pk)
    )
    same([got], [expected])
    same(mails.CONSENTS(submission.pk), list(Consent.objects.filter(submission=submission.pk)))
    token = Submission.objects.get(pk=submission.pk).form_token
    assert lead_forms.SENT_BEFORE(token) == list(
        Submission.objects.filter(form_token=token)
        .order_by("created_at", "pk")
        .values_list("pk", "fingerprint", "lead__email_key")
    )
