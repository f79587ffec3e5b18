"""The AVG duties on people's data: everything we hold about a person, and erasing all of it."""

from importlib import import_module
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import NestedObjects
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import outbox
from .models import ExportLog, Lead, Submission

SEARCH_PARAMETER = "q"
BATCH = 500  # ids in one query: well below what SQLite and PostgreSQL take


def tied_rows(leads):
    """Every row deleting these people deletes, {model: [pk]}, the people included: their
    submissions, consents and reminders, and what other apps hang on them (introductions,
    replies), found the way deleting finds them, so that nothing new is overlooked."""
    collector = NestedObjects(using=router.db_for_write(Lead))
    collector.collect(list(leads))
    return {model: sorted(obj.pk for obj in objs) for model, objs in collector.data.items()}


def with_mails(rows):
    """rows and the outbox's mails about them: the mails are about the person too."""
    return {**rows, outbox.Mail: outbox.mails_about(rows, BATCH)}


def admin_history(rows):
    """The admin's log entries about these rows ({model: [pk]}), as querysets of a batch."""
    for model, pks in rows.items():
        kind = ContentType.objects.get_for_model(model, for_concrete_model=False)
        ids = [str(pk) for pk in pks]
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            yield LogEntry.objects.filter(content_type=kind, object_id__in=batch)


def personal_values(leads):
    """Every name, address and phone number these people gave us, lower case."""
    values = set()
    for rows in (
        leads.values_list("first_name", "last_name", "email", "phone"),
        Submission.objects.filter(lead__in=leads).values_list(
            "first_name", "last_name", "email", "phone"
        ),
    ):
        values.update(value.lower() for row in rows for value in row if value)
    return values


def mentions(text, values):
    text = text.lower()
    return any(value in text for value in values)


def forget_searches(values):
    """Export logs keep which filters were used, not a search for the person's name."""
    for log in ExportLog.objects.exclude(filters=""):
        query = parse_qsl(log.filters, keep_blank_values=True)
        if any(name == SEARCH_PARAMETER and mentions(term, values) for name, term in query):
            kept = [(name, term) for name, term in query if name != SEARCH_PARAMETER]
            log.filters = urlencode([*kept, (SEARCH_PARAMETER, _("(verwijderd)"))])
            log.save(update_fields=["filters"])


def forget_sessions(values, submission_ids):
    """Sessions that point at their submissions or hold their details (an admin message)."""
    engine = import_module(settings.SESSION_ENGINE)
    submission_ids = set(submission_ids)
    Session.objects.filter(expire_date__lte=timezone.now()).delete()  # as clearsessions does
    for session in Session.objects.iterator():
        data = session.get_decoded()
        if data.get("last_submission") in submission_ids or mentions(str(data), values):
            engine.SessionStore(session_key=session.session_key).delete()


def erase(leads):
    """Delete these people with everything that still names them or is about them: what
    deleting them deletes, the outbox's mails about it and the admin's history of all of it;
    the number erased."""
    with transaction.atomic():
        values = personal_values(leads)
        rows = with_mails(tied_rows(leads))
        for entries in admin_history(rows):
            entries.delete()
        mails = rows[outbox.Mail]
        for start in range(0, len(mails), BATCH):
            outbox.Mail.objects.filter(pk__in=mails[start : start + BATCH]).delete()
        forget_searches(values)
        forget_sessions(values, rows.get(Submission, []))
        return leads.delete()[1].get("leads.Lead", 0)


def describe(lead):
    """Everything we hold about one person, in plain field names."""
    lead_fields = ["first_name", "last_name", "email", "phone", "status", "notes"]
    submission_fields = [
        field
        for field in Submission._meta.concrete_fields
        if field.name not in ("id", "lead", "form_token")
    ]
    rows = with_mails(tied_rows([lead]))
    history = sorted(
        (entry for entries in admin_history(rows) for entry in entries),
        key=lambda entry: entry.action_time,
    )
    return {
        **{name: getattr(lead, name) for name in lead_fields},
        "created_at": lead.created_at,
        "updated_at": lead.updated_at,
        "submissions": [
            {
                **{field.name: getattr(s, field.attname) for field in submission_fields},
                "programmes": [str(p) for p in s.programmes.all()],
                "consents": [
                    {
                        "purpose": c.purpose,
                        "given": c.given,
                        "privacy_version": c.privacy_version,
                        "recorded_at": c.recorded_at,
                        "confirmed_at": c.confirmed_at,
                        "withdrawn_at": c.withdrawn_at,
                    }
                    for c in s.consents.all()
                ],
            }
            for s in lead.submissions.all()
        ],
        "reminders": [
            {"intake": str(r.intake), "deadline": r.deadline, "sent_at": r.sent_at}
            for r in lead.reminders.select_related("intake__programme")
        ],
        "admin_history": [
            {"when": entry.action_time, "change": entry.get_change_message()} for entry in history
        ],
        # What they changed through their link and what staff did, with the values replaced.
        "history": [
            {"when": happening.at, "what": happening.what, "via_link": happening.via_link}
            for happening in lead.history.order_by("at", "pk")
        ],
    }
