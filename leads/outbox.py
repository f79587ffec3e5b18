"""The outbox: every mail the site sends, from every app, queued, sent and recorded one way.

An app owes a mail by naming the function that writes it and the id it is about, in the
transaction that stores what the mail is about: `outbox.queue(mails.confirmation, pk)`. The
function says which model that id is of (`@outbox.about(Submission)`): erasing a person deletes
the mails about their rows. Once that transaction commits, the worker is woken: one task
(send_waiting) sends every mail waiting for its first attempt, a batch over one connection to
the mail server, so that a burst of submits costs the worker a task per batch rather than per
mail; a mail tried again has a task of its own (send_mail). The worker calls the function when it
sends, so the mail says what is true then, or is dropped with a reason (Drop) when it should
no longer go: the person was erased, a consent withdrawn, a deadline passed. Each attempt and
its outcome are recorded on the mail's row, by id, never by address. A hiccup is tried again
on one backoff schedule, a refusal (5xx) is not, and after MAX_ATTEMPTS the mail is given up,
as a mail with a fault of its own is at once: `manage.py leads_resend` queues it again.
Admissions see how a mail went on what it is about; /healthz counts those that failed for good.

A mail leaves at most once. Before its SMTP transaction starts the row says "sending", after it
how it went, and only if no other worker recorded an attempt meanwhile. A worker killed before
that point leaves the mail pending and its task running: the worker's upkeep
(mkbroute/tasks.py) queues the task again. One killed inside the
transaction leaves "sending": the server may have accepted the mail, so after SENDING_TIMEOUT
it is "unknown" and nobody sends it again until someone decides to (`leads_resend --unknown`,
or the action in the admin): a mail missing is visible and can be mended, a mail sent twice
(an introduction with someone's details) cannot be taken back.
"""

import collections
import datetime
import logging

from django.db import DatabaseError, models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from mkbroute.lib import mail as smtp
from mkbroute.lib.queries import Prepared, update_row

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
# Seconds to wait after the first, second, ... failed attempt.
BACKOFF = [60, 5 * 60, 15 * 60, 60 * 60, 4 * 60 * 60]
# An SMTP transaction takes seconds (EMAIL_TIMEOUT per step): a mail still "sending" this long
# after it began was left by a worker that stopped (killed, its machine gone).
SENDING_TIMEOUT = datetime.timedelta(minutes=10)
# A pending mail has a task from the moment its transaction commits, and again right after
# each attempt; one settled this long without a task lost it (see recover).
SETTLED = datetime.timedelta(minutes=1)
# Mails one task sends over one connection at most, the next batch in a task of its own: a
# task stays short (each mail takes at most a few EMAIL_TIMEOUTs with a server that hangs),
# and a batch still spreads the task's bookkeeping and the connection over many mails.
BATCH = 20


class Drop(Exception):
    """Raised by a function that writes a mail: it should not go (any more). The message says
    why and is recorded, so it names no person."""


# What the outbox itself records on a mail, and why the mails' functions drop one (Drop): kept
# as written, in English, where logs and tests read them; staff read them in Dutch. An answer
# of the mail server is shown as it came.
NOTES = {
    "gone": _("bestaat niet meer"),
    "no contact consent": _("geen toestemming (meer) voor contact"),
    "no sharing consent": _("geen toestemming (meer) om gegevens te delen"),
    "no contact address": _("geen adres van een contactpersoon meer"),
    "after the deadline": _("de deadline is voorbij"),
    "the worker stopped during the SMTP transaction": _("de worker stopte tijdens het versturen"),
    "may have been sent; not sent again (admin)": _(
        "misschien verstuurd; niet opnieuw verstuurd (beheer)"
    ),
}


def kind_of(write):
    """The name a mail's writing function is stored under: its dotted path, which the worker
    imports. Renaming such a function needs a migration that renames its queued mails."""
    return f"{write.__module__}.{write.__qualname__}"


def shown_note(note):
    """A mail's note as staff read it."""
    return NOTES.get(note, note)


def about(model, label):
    """Marks a function that writes a mail with the model of the id it takes, so that erasing
    a person finds the mails about their rows (mails_about), and with what staff call the mail.
    Every writing function has one."""

    def mark(write):
        write.about, write.label = model, label
        return write

    return mark


def find(queryset, pk):
    """The object a mail is about, for its writing function; Drop when it is gone."""
    try:
        return queryset.get(pk=pk)  # unordered: first() would sort by the model's ordering
    except queryset.model.DoesNotExist:
        raise Drop("gone") from None


def later(attempts):
    """When to try again after this many failed attempts."""
    delay = BACKOFF[min(attempts, len(BACKOFF)) - 1]
    return timezone.now() + datetime.timedelta(seconds=delay)


FAILED_FOR_GOOD = ["failed", "refused"]  # Mail.Status.FAILED and REFUSED


class MailQuerySet(models.QuerySet):
    def written_by(self, write):
        return self.filter(kind=kind_of(write))

    def oldest_pending(self):
        """When the mail that has waited longest to be sent was queued; None when none waits."""
        pending = self.filter(status__in=Mail.WAITING)
        return pending.aggregate(oldest=models.Min("created_at"))["oldest"]

    def failed_for_good(self):
        """Mails that will not go unless someone acts: given up, or refused by the server."""
        return self.filter(status__in=FAILED_FOR_GOOD)

    def unknown(self):
        """Mails that may or may not have left, waiting for someone to decide."""
        return self.filter(status=Mail.Status.UNKNOWN)


class Mail(models.Model):
    """One mail the site owes: which function writes it, about which object, how sending went."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Nog niet verstuurd")
        SENDING = "sending", _("Wordt nu verstuurd")
        SENT = "sent", _("Verstuurd")
        UNKNOWN = "unknown", _("Misschien verstuurd (niet opnieuw geprobeerd)")
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

    WAITING = [Status.PENDING, Status.SENDING]
    # What staff may send again: given up, refused (an address mended since) or unknown.
    AGAIN = [Status.FAILED, Status.REFUSED, Status.UNKNOWN]
    OUTCOMES = {
        smtp.SENT: Status.SENT,
        smtp.REFUSED: Status.REFUSED,
        smtp.UNKNOWN: Status.UNKNOWN,
        smtp.FAULT: Status.FAILED,
    }

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="one_mail_per_object")
        ]
        # /healthz asks on every call for the oldest mail waiting, for unknown ones and how
        # many failed for good: one index by status answers each without reading the table.
        # (Partial indexes would be smaller, but SQLite cannot use one for a query whose
        # values are bound parameters, as Django's are.)
        indexes = [models.Index(fields=["status", "created_at"], name="mail_by_status")]
        verbose_name = _("mail")
        verbose_name_plural = _("mails")

    def __str__(self):
        return f"{self.kind_label()} ({self.object_id})"

    def kind_label(self):
        """What staff call this kind of mail: "bevestiging aan de persoon"."""
        try:
            return import_string(self.kind).label
        except (ImportError, AttributeError):  # a function renamed or removed since
            return self.kind

    def note_shown(self):
        return shown_note(self.note)

    def summary(self):
        """How sending went, in one line for staff: the status, the server's answer or the
        reason, the attempts and when."""
        parts = [str(self.get_status_display())]
        if self.note:
            parts.append(str(self.note_shown()))
        if self.attempts:
            parts.append(
                ngettext("%(n)s poging", "%(n)s pogingen", self.attempts) % {"n": self.attempts}
            )
        if moment := self.sent_at or self.attempted_at:
            parts.append(date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT"))
        if self.status == self.Status.UNKNOWN:
            parts.append(_("vraag de ontvanger of de mail aankwam; verstuur hem zo nodig opnieuw"))
        return " · ".join(parts)

    def attempt(self, sender=None):
        """Write the mail as things are now, send it once and record how it went: through
        sender (a smtp.Sender that keeps its connection for the next mail), or a connection
        of its own.

        True when it is worth trying again later: the mail server was down, slow or said
        "not now" before it took the message. A refusal (a 5xx answer), a drop, an outcome
        nobody knows, a fault in the mail itself or the last attempt ends it, and so does
        finding another worker at it.
        """
        try:
            message = import_string(self.kind)(self.object_id)
        except Drop as reason:
            self.record([self.Status.PENDING], status=self.Status.DROPPED, note=str(reason))
            logger.info("mail %s (%s): not sent, %s", self.pk, self, reason)
            return False
        except DatabaseError:
            raise  # the database is away: the mail waits, and /healthz says so
        except Exception as fault:
            # A fault in the mail itself (its function gone, a template that breaks): trying
            # again will not mend it. Given up at once, where admissions and /healthz see it.
            # Only the kind of fault is kept: its text may hold an address.
            self.give_up(type(fault).__name__)
            return False
        outcome, error = (sender or smtp).deliver(message, claim=self.claim)
        if outcome == smtp.TAKEN:
            return False
        status = self.OUTCOMES.get(outcome, self.Status.PENDING)
        if status == self.Status.PENDING and self.attempts + 1 >= MAX_ATTEMPTS:
            status = self.Status.FAILED
        # Claimed, the mail is ours, even if the upkeep took us for gone meanwhile: what we
        # know now wins. Not claimed (the server was not reached), another worker may have
        # taken it since.
        claimed = self.status == self.Status.SENDING
        was = [self.Status.SENDING, self.Status.UNKNOWN] if claimed else [self.Status.PENDING]
        now = timezone.now()
        saved = self.record(
            was,
            status=status,
            attempts=self.attempts + 1,
            note=error,
            attempted_at=now,
            sent_at=now if status == self.Status.SENT else None,
        )
        if status == self.Status.UNKNOWN:
            logger.warning("mail %s (%s): may have been sent, %s", self.pk, self, error)
        elif status != self.Status.SENT:
            logger.warning("mail %s (%s), attempt %s: %s", self.pk, self, self.attempts, error)
        return saved and status == self.Status.PENDING

    def give_up(self, note):
        """Record a fault in the mail itself: failed for good, at once."""
        changes = {"status": self.Status.FAILED, "attempts": self.attempts + 1, "note": note}
        self.record([self.Status.PENDING], attempted_at=timezone.now(), **changes)
        logger.warning("mail %s (%s), attempt %s: %s, given up", self.pk, self, self.attempts, note)

    def claim(self):
        """Record that the SMTP transaction starts now: False, and nothing is sent, when
        another worker (or a task queued twice) has the mail already."""
        now = timezone.now()
        return self.record([self.Status.PENDING], status=self.Status.SENDING, attempted_at=now)

    def record(self, was, **changes):
        """Save changes if the status is still one of was and no attempt was recorded since
        this row was read (nobody else moved the mail on meanwhile); whether it was. A batch
        reads its mails when it starts, so another worker may have tried one since."""
        if not update_row(Mail, self.pk, changes, status=was, attempts=self.attempts):
            return False
        for name, value in changes.items():
            setattr(self, name, value)
        return True


def hand_to_worker():
    """Wake the worker for the mails the caller's transaction owes, once it commits (at once
    outside one).

    Robust: when the queue cannot be reached after the commit, the visitor still gets their
    page; the mail waits as pending, and the worker's upkeep hands it over (see recover).
    """
    transaction.on_commit(wake_sender, robust=True)


# Whether a task of this path waits unstarted: asked after every submit, its SQL built once.
QUEUED = Prepared(
    lambda path: (
        DBTaskResult.objects.filter(task_path=path, status="READY").only("pk").order_by()[:1]
    )  # any one: unsorted, as exists() asks
)


def wake_sender():
    """Queue send_waiting, unless it is queued and not started: that task reads the outbox when
    it starts, after this commit, so it sends this mail too. Called after the commit: a task
    already running may have read the outbox before, and then a new one is queued."""
    if not QUEUED(send_waiting.module_path):
        send_waiting.enqueue()


def queue(write, object_id):
    """Owe the mail write(object_id) returns: recorded in the caller's transaction, so that it
    exists exactly when what it is about does, and handed to the worker once that commits."""
    if not hasattr(write, "about"):
        raise TypeError(f"{kind_of(write)} does not say what it mails about: @outbox.about(...)")
    mail = Mail.objects.create(kind=kind_of(write), object_id=object_id)
    hand_to_worker()
    return mail


def queue_again(write, object_id):
    """Owe write(object_id) once more: for mails that go again about the same object (a new
    personal link, the next question about a place). A mail still waiting goes once, written
    when it leaves; one that went (or failed) is owed afresh, its row telling the latest."""
    mail, created = Mail.objects.get_or_create(kind=kind_of(write), object_id=object_id)
    if not created:
        fresh = {"attempts": 0, "note": "", "created_at": timezone.now(), "sent_at": None}
        settled = Mail.objects.filter(pk=mail.pk).exclude(status__in=Mail.WAITING)
        if not settled.update(status=Mail.Status.PENDING, attempted_at=None, **fresh):
            return mail  # it is still to go, or going: written now, it says what is true now
    hand_to_worker()
    return mail


def queue_many(write, object_ids, batch=500):
    """queue() for many objects at once (a weekly digest): the rows written a batch at a time
    in the caller's transaction, handed to the worker together once it commits."""
    if not hasattr(write, "about"):
        raise TypeError(f"{kind_of(write)} does not say what it mails about: @outbox.about(...)")
    kind = kind_of(write)
    mails = Mail.objects.bulk_create(
        [Mail(kind=kind, object_id=pk) for pk in object_ids], batch_size=batch
    )
    if mails:
        hand_to_worker()
    return mails


def mail_of(write, object_id):
    """The row of the mail write sends about object_id, or None."""
    return Mail.objects.written_by(write).filter(object_id=object_id).first()


def mails_about(rows, batch=500):
    """The ids of the outbox's mails about these objects ({model: [pk]}), asked for a batch of
    objects at a time."""
    found = []
    for kind in Mail.objects.order_by().values_list("kind", flat=True).distinct():
        pks = rows.get(import_string(kind).about, [])
        for start in range(0, len(pks), batch):
            mails = Mail.objects.filter(kind=kind, object_id__in=pks[start : start + batch])
            found += mails.values_list("pk", flat=True)
    return found


def field_of_mail(write, field):
    """An annotation for a query of the objects write mails about: field of each one's mail."""
    mails = Mail.objects.written_by(write).filter(object_id=models.OuterRef("pk"))
    return models.Subquery(mails.values(field)[:1])


def again(mails):
    """Queue these mails again, from their first attempt, if they were given up, refused or
    unknown; the number. Each is written anew when it leaves."""
    with transaction.atomic():
        ids = list(
            mails.select_for_update().filter(status__in=Mail.AGAIN).values_list("pk", flat=True)
        )
        Mail.objects.filter(pk__in=ids).update(status=Mail.Status.PENDING, attempts=0)
        if ids:
            hand_to_worker()
    return len(ids)


def resend(unknown=False):
    """Queue every mail that was given up again, from its first attempt: {kind: number}.
    With unknown, instead those that may or may not have left: sending them is a decision.

    Only mails that failed (or are unknown): what was sent, refused or dropped stays as it
    is, and each mail is written anew, so one that should no longer go is dropped then.
    """
    status = Mail.Status.UNKNOWN if unknown else Mail.Status.FAILED
    with transaction.atomic():
        chosen = Mail.objects.select_for_update().filter(status=status)
        kinds = collections.Counter(chosen.values_list("kind", flat=True))
        again(chosen)
    return kinds


def recover():
    """Look after what a worker that stopped left of the outbox: (unknown, handed again).

    A mail still "sending" after SENDING_TIMEOUT becomes unknown: it is not sent again by
    itself. A pending mail that has no task (the queue was unreachable after its commit, or
    its task failed) is handed to the worker again.
    """
    now = timezone.now()
    stale = Mail.objects.filter(status=Mail.Status.SENDING, attempted_at__lt=now - SENDING_TIMEOUT)
    unknown = list(stale.values_list("pk", flat=True))
    note = "the worker stopped during the SMTP transaction"
    Mail.objects.filter(pk__in=unknown, status=Mail.Status.SENDING).update(
        status=Mail.Status.UNKNOWN, note=note
    )
    for pk in unknown:
        logger.warning("mail %s: may have been sent, %s", pk, note)
    settled = Mail.objects.filter(status=Mail.Status.PENDING, created_at__lt=now - SETTLED)
    settled = settled.exclude(attempted_at__gte=now - SETTLED)
    settled = dict(settled.values_list("pk", "attempts"))
    if not settled:  # the usual case: no need to read the queue
        return len(unknown), 0
    tasks = DBTaskResult.objects.filter(task_path=send_mail.module_path)
    tasks = tasks.filter(status__in=["READY", "RUNNING"]).values_list("args_kwargs", flat=True)
    lost = set(settled) - {args_kwargs["args"][0] for args_kwargs in tasks}
    if any(settled[pk] == 0 for pk in lost):
        wake_sender()  # the first attempts are send_waiting's
    for pk in sorted(pk for pk in lost if settled[pk]):
        send_mail.enqueue(pk)
    return len(unknown), len(lost)


@task()
def send_waiting():
    """Send the mails that wait for their first attempt, oldest first, BATCH of them over one
    connection to the mail server, and queue the next batch when more wait."""
    waiting = Mail.objects.filter(status=Mail.Status.PENDING, attempts=0).order_by("pk")
    batch = list(waiting[: BATCH + 1])
    with smtp.Sender() as sender:
        for mail in batch[:BATCH]:
            send(mail, sender)
    if len(batch) > BATCH:
        send_waiting.enqueue()


@task()
def send_mail(mail_id):
    """Send one mail of the outbox (an attempt after one that failed, or a task queued again)."""
    mail = Mail.objects.filter(pk=mail_id, status=Mail.Status.PENDING).first()
    if mail is None:  # being sent, sent, refused, dropped or given up: a task queued twice
        return
    send(mail)


def send(mail, sender=None):
    """Attempt the mail, and queue its next attempt, in a task of its own, when one is worth it."""
    if mail.attempt(sender):
        send_mail.using(run_after=later(mail.attempts)).enqueue(mail.pk)
