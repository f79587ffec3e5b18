"""Erasing a person over every app, for `manage.py privacy erase` and for the person's own
page (/mijn/): the same function, so that both do exactly the same."""

import logging

from django.db import transaction

from employers.privacy import ALERTS, CONTACT_PERSONS
from leads import privacy
from leads.models import Lead, PrivacyAudit

audit = logging.getLogger("leads.privacy")

# Besides leads, who else's personal data we hold: each gives .name (a key in an export),
# .describe(email), .erase(email) and .purge(cutoff, dry_run). A new kind of person is added
# here, so that erasing and the command keep covering everything we hold.
HOLDERS = [CONTACT_PERSONS, ALERTS]

ON_REQUEST = "op verzoek van de betrokkene"
VIA_LINK = "op verzoek van de betrokkene, via persoonlijke link"


def record(action, count, detail=""):
    """An audit line that a privacy duty was carried out, without whom it concerned."""
    PrivacyAudit.objects.create(action=action, lead_count=count, detail=detail)
    audit.info("privacy %s: %s lead(s) %s", action, count, detail)


def erase_person(email, how=ON_REQUEST):
    """Erase everything about the person with this mailbox: their lead with all that hangs on
    it (leads.privacy.erase) and what every other holder keeps under the address, with one
    audit line saying how it was asked (how), never who. Returns (leads erased, {holder
    name: number erased})."""
    with transaction.atomic():
        deleted = privacy.erase(Lead.objects.for_email(email))
        others = {holder.name: holder.erase(email) for holder in HOLDERS}
        record(PrivacyAudit.Action.ERASE, deleted, how)
    return deleted, others


def what_goes(lead):
    """What erasing this person deletes besides their own details, as [(what, number)]: the
    rows deleting them takes, the mails about those, and what other holders keep under their
    address. Found as erase_person() finds them, so the page that asks says exactly what goes."""
    rows = privacy.with_mails(privacy.tied_rows([lead]))
    going = [
        (model._meta.verbose_name_plural, len(pks))
        for model, pks in rows.items()
        if pks and model is not Lead
    ]
    for holder in HOLDERS:
        if held := holder.describe(lead.email):
            going.append((holder.name, len(held)))
    return going
