"""One mailbox is one lead, however its address is written; two mailboxes are never merged."""

import pytest

from leads.mailbox import NotAMailbox, mailbox_key
from leads.models import Lead
from tests.leads.helpers import submit


@pytest.mark.parametrize(
    ("one", "same"),
    [
        ("Zoë@Example.NL", "ZOË@example.nl"),
        ("zoe\u0308@example.nl", "zoë@example.nl"),  # the same letter, composed or not
        ("jan@MÜNCHEN.de", "jan@xn--mnchen-3ya.de"),
        ("jan@münchen.DE", "JAN@München.de"),
    ],
)
def test_the_same_mailbox_has_one_key(one, same):
    assert mailbox_key(one) == mailbox_key(same)


@pytest.mark.parametrize(
    ("one", "other"),
    [("a@straße.de", "a@strasse.de"), ("straße@example.nl", "strasse@example.nl")],
)
def test_different_mailboxes_keep_different_keys(one, other):
    assert mailbox_key(one) != mailbox_key(other)


@pytest.mark.parametrize("address", ["geen-apenstaart", "a@-fout.nl", "@example.nl", "a@"])
def test_what_is_no_mailbox_is_refused(address):
    with pytest.raises(NotAMailbox):
        mailbox_key(address)


@pytest.mark.django_db
def test_submits_in_any_case_and_form_reach_one_lead_per_mailbox(client, personas):
    addresses = [
        "Zoe@München.de",
        "ZOE@MÜNCHEN.DE",
        "zoe@xn--mnchen-3ya.de",
        "zoe@straße.de",
        "zoe@strasse.de",
    ]
    for address in addresses:
        assert submit(client, email=address).status_code == 302, address
    keys = sorted(Lead.objects.values_list("email_key", flat=True))
    assert keys == ["zoe@strasse.de", "zoe@xn--mnchen-3ya.de", "zoe@xn--strae-oqa.de"]
    assert Lead.objects.get(email_key="zoe@xn--mnchen-3ya.de").submissions.count() == 3


@pytest.mark.django_db
def test_an_address_that_names_no_real_domain_gets_a_dutch_message(client, personas):
    response = submit(client, email="zoe@-fout.nl")
    assert response.status_code == 200
    assert "Dit e-mailadres klopt niet" in response.content.decode()
    assert not Lead.objects.exists()
