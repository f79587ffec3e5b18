"""The privacy duties for employers' contact persons and for alerts: export, erase and purge,
as for leads."""

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from leads.mailbox import NotAMailbox, mailbox_key

from .alerts import Alert
from .models import Employer, Introduction

ERASED = "(verwijderd)"
CONTACT_FIELDS = ["contact_name", "contact_role", "contact_email", "contact_phone"]


# Who at the school proposed or moved an introduction is staff's data, not the person's.
NOT_THE_PERSONS = {"id", "lead", "werkplek", "proposed_by", "status_changed_by"}


def describe_introductions(lead):
    """The person's introductions to werkplekken for an export: the place, what was shared,
    each step, the employer's answer and their own reply."""
    fields = [f for f in Introduction._meta.concrete_fields if f.name not in NOT_THE_PERSONS]
    introductions = Introduction.objects.filter(lead=lead).select_related("werkplek__employer")
    return [
        {
            "werkplek": introduction.werkplek.title,
            "employer": introduction.werkplek.employer.name,
            **{field.name: getattr(introduction, field.attname) for field in fields},
        }
        for introduction in introductions.order_by("proposed_at", "pk")
    ]


class ContactPersons:
    name = "contactpersonen van werkgevers"

    def matching(self, email):
        """Employers whose contact person has this mailbox, however the address is written."""
        try:
            key = mailbox_key(email)
        except NotAMailbox:
            return []
        # Employers are hundreds, not millions: compared in Python, where case folding of
        # non-ASCII addresses is the same on every database.
        addresses = Employer.objects.exclude(contact_email="").values_list("pk", "contact_email")
        ids = [pk for pk, address in addresses if same_mailbox(address, key)]
        return list(Employer.objects.filter(pk__in=ids))

    def describe(self, email):
        employers = self.matching(email)
        if not employers:
            return None
        fields = ["name", "kvk_number", *CONTACT_FIELDS, "status", "created_at", "notes"]
        return [{field: getattr(employer, field) for field in fields} for employer in employers]

    def erase(self, email):
        return self.forget(self.matching(email))

    def purge(self, cutoff, dry_run=False):
        """Contacts of employers that stopped, or never got past registering, before cutoff."""
        gone = Q(status=Employer.Status.STOPPED) | Q(status=Employer.Status.REGISTERED)
        expired = Employer.objects.filter(gone, status_changed_at__lt=cutoff)
        expired = expired.exclude(contact_name=ERASED)
        return expired.count() if dry_run else self.forget(list(expired))

    def forget(self, employers):
        """Blank the contact person of these employers and the admin's history of them; the
        company itself is no personal data and stays, with its werkplekken."""
        if not employers:
            return 0
        kind = ContentType.objects.get_for_model(Employer)
        LogEntry.objects.filter(
            content_type=kind, object_id__in=[str(employer.pk) for employer in employers]
        ).delete()
        for employer in employers:
            employer.contact_name = ERASED
            employer.contact_role = employer.contact_email = employer.contact_phone = ""
            employer.notes = ""
            employer.save(update_fields=[*CONTACT_FIELDS, "notes"])
        return len(employers)


def same_mailbox(address, key):
    try:
        return mailbox_key(address) == key
    except NotAMailbox:
        return False


CONTACT_PERSONS = ContactPersons()


class Alerts:
    """Saved searches mailed weekly (alerts.py): the address, the search, what was sent."""

    name = "attenderingen"
    FIELDS = [
        "email",
        "pc4",
        "radius",
        "province",
        "max_hours",
        "start_month",
        "created_at",
        "confirmed_at",
        "last_sent_at",
        "privacy_version",
    ]

    def describe(self, email):
        alerts = Alert.objects.for_email(email).prefetch_related("digests")
        if not alerts:
            return None
        return [
            {
                **{field: getattr(alert, field) for field in self.FIELDS},
                "programme": str(alert.programme) if alert.programme_id else None,
                "search": alert.describe(),
                "known_places": alert.known,
                "digests": [
                    {"created_at": digest.created_at, "places": digest.places}
                    for digest in alert.digests.all()
                ],
            }
            for alert in alerts
        ]

    def erase(self, email):
        return Alert.objects.for_email(email).forget()

    def purge(self, cutoff, dry_run=False):
        """Alerts past their own terms (alerts.py), whatever the leads' cutoff: unconfirmed
        after UNCONFIRMED_DAYS, confirmed after RETENTION_DAYS."""
        expired = Alert.objects.expired(timezone.now())
        return expired.count() if dry_run else expired.forget()


ALERTS = Alerts()
