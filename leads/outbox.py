"""The outbox: every mail the site sends, from every app, queued, sent and recorded one way.

An app owes a mail by naming the function that writes it and the id it is about, in the
transaction that stores what the mail is about: `outbox.queue(mails.confirmation, pk)`. The
task goes to the worker once that transaction commits. The worker calls the function when it
sends, so the mail says what is true then, or is dropped with a reason (Drop) when it should
no longer go: the person was erased, a consent withdrawn, a deadline passed. Each attempt and
its outcome are recorded on the mail's row, by id, never by address. A hiccup is tried again
on one backoff schedule, a refusal (5xx) is not, and after MAX_ATTEMPTS the mail is given up,
as a mail with a fault of its own is at once: `manage.py leads_resend` queues it again.
Admissions see how a mail went on what it is about; /healthz counts those that failed for good.
"""

import collections
import datetime
import logging
from functools import partial

from django.db import DatabaseError, models, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from mkbroute.lib import mail as smtp

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
# Seconds to wait after the first, second, ... failed attempt.
BACKOFF = [60, 5 * 60, 15 * 60, 60 * 60, 4 * 60 * 60]


class Drop(Exception):
    """Raised by a function that writes a mail: it should not go (any more). The message says
    why and is recorded, so it names no person."""


def kind_of(write):
    """The name a mail's writing function is stored under: its dotted path, which the worker
    imports. Renaming such a function needs a migration that renames its queued mails."""
    return f"{write.__module__}.{write.__qualname__}"


def find(queryset, pk):
    """The object a mail is about, for its writing function; Drop when it is gone."""
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Drop("gone")
    return found


def later(attempts):
    """When to try again after this many failed attempts."""
    delay = BACKOFF[min(attempts, len(BACKOFF)) - 1]
    return timezone.now() + datetime.timedelta(seconds=delay)


FAILED_FOR_GOOD = ["failed", "refused"]  # Mail.Status.FAILED and REFUSED


class MailQuerySet(models.QuerySet):
    def written_by(self, write):
        return self.filter(kind=kind_of(write))

    def failed_for_good(self):
        """Mails that will not go unless someone acts: given up, or refused by the server."""
        return self.filter(status__in=FAILED_FOR_GOOD)

    def oldest_pending(self):
        """When the mail that has waited longest to be sent was queued; None when none waits."""
        pending = self.filter(status=Mail.Status.PENDING)
        return pending.aggregate(oldest=models.Min("created_at"))["oldest"]


class Mail(models.Model):
    """One mail the site owes: which function writes it, about which object, how sending went."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Nog niet verstuurd")
        SENT = "sent", _("Verstuurd")
        FAILED = "failed", _("Mislukt")
        REFUSED = "refused", _("Geweigerd door de mailserver")
        DROPPED = "dropped", _("Niet meer verstuurd")

    kind = models.CharField(_("soort"), max_length=100)
    object_id = models.PositiveBigIntegerField(_("over id"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    note = models.CharField(
        _("fout of reden"),
        max_length=500,
        blank=True,
        help_text=_("Wat de mailserver antwoordde, of waarom de mail niet meer ging."),
    )
    created_at = models.DateTimeField(_("in de wachtrij"), default=timezone.now)
    attempted_at = models.DateTimeField(_("laatste poging"), null=True, blank=True)
    sent_at = models.DateTimeField(_("verstuurd"), null=True, blank=True)

    objects = MailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="one_mail_per_object")
        ]
        # /healthz asks for the oldest pending mail on every call: a small index of those only.
        indexes = [
            models.Index(
                fields=["created_at"], condition=models.Q(status="pending"), name="pending_mail"
            ),
            # ... and how many failed for good: a small index of those only.
            models.Index(
                fields=["status"],
                condition=models.Q(status__in=["failed", "refused"]),
                name="failed_mail",
            ),
        ]
        verbose_name = _("mail")
        verbose_name_plural = _("mails")

    def __str__(self):
        return f"{self.kind} {self.object_id}"

    @property
    def summary(self):
        """How it went, as admissions read it: the status, and what the mail server said or
        why it did not go."""
        label = self.get_status_display()
        return f"{label}: {self.note}" if self.note else label

    def attempt(self):
        """Write the mail as things are now, send it once and record how it went.

        True when it is worth trying again later: the mail server was down, slow or said
        "not now". A refusal (a 5xx answer), a drop, a fault in the mail itself or the last
        attempt ends it.
        """
        faulty = False
        try:
            message = import_string(self.kind)(self.object_id)
            outcome, error = smtp.deliver(message)
        except Drop as reason:
            self.status, self.note = self.Status.DROPPED, str(reason)
            self.save(update_fields=["status", "note"])
            logger.info("mail %s (%s): not sent, %s", self.pk, self, reason)
            return False
        except DatabaseError:
            raise  # the database is away: the mail waits as pending, and /healthz says so
        except Exception as fault:
            # A fault in the mail itself (its function gone, a header it cannot carry):
            # trying again will not help. Given up at once, where admissions and /healthz see
            # it; `manage.py leads_resend` tries again once it is fixed. Only the kind of
            # fault is kept: its text may hold an address.
            faulty, outcome, error = True, None, type(fault).__name__
        self.attempts += 1
        self.note, self.attempted_at = error, timezone.now()
        if outcome == smtp.SENT:
            self.status, self.sent_at = self.Status.SENT, self.attempted_at
        elif outcome == smtp.REFUSED:
            self.status = self.Status.REFUSED
        elif faulty or self.attempts >= MAX_ATTEMPTS:
            self.status = self.Status.FAILED
        self.save(update_fields=["status", "attempts", "note", "attempted_at", "sent_at"])
        if outcome != smtp.SENT:
            logger.warning("mail %s (%s), attempt %s: %s", self.pk, self, self.attempts, error)
        return self.status == self.Status.PENDING


def hand_to_worker(mail_id):
    """Queue the task for mail_id once the caller's transaction commits (at once outside one).

    Robust: when the queue cannot be reached after the commit, the visitor still gets their
    page; the mail waits as pending, and /healthz says so.
    """
    transaction.on_commit(partial(send_mail.enqueue, mail_id), robust=True)


def queue(write, object_id):
    """Owe the mail write(object_id) returns: recorded in the caller's transaction, so that it
    exists exactly when what it is about does, and handed to the worker once that commits."""
    mail = Mail.objects.create(kind=kind_of(write), object_id=object_id)
    hand_to_worker(mail.pk)
    return mail


def mail_of(write, object_id):
    """The row of the mail write sends about object_id, or None."""
    return Mail.objects.written_by(write).filter(object_id=object_id).first()


def summary_of(write, object_id):
    """How the mail write sends about object_id went (Mail.summary); a dash when none is owed."""
    mail = mail_of(write, object_id)
    return mail.summary if mail is not None else "–"


def field_of_mail(write, field):
    """An annotation for a query of the objects write mails about: field of each one's mail."""
    mails = Mail.objects.written_by(write).filter(object_id=models.OuterRef("pk"))
    return models.Subquery(mails.values(field)[:1])


def resend():
    """Queue every mail that was given up again, from its first attempt: {kind: number}.

    Only mails that failed: what was sent, refused or dropped stays as it is, and each mail
    is written anew, so one that should no longer go is dropped then.
    """
    with transaction.atomic():
        failed = Mail.objects.select_for_update().filter(status=Mail.Status.FAILED)
        again = list(failed.values_list("pk", "kind"))
        Mail.objects.filter(pk__in=[pk for pk, _kind in again]).update(
            status=Mail.Status.PENDING, attempts=0
        )
        for pk, _kind in again:
            hand_to_worker(pk)
    return collections.Counter(kind for _pk, kind in again)


@task()
def send_mail(mail_id):
    """Send one mail of the outbox, and queue its next attempt when one is worth it."""
    mail = Mail.objects.filter(pk=mail_id, status=Mail.Status.PENDING).first()
    if mail is None:  # sent, refused, dropped or given up meanwhile: a task queued twice
        return
    if mail.attempt():
        send_mail.using(run_after=later(mail.attempts)).enqueue(mail_id)
