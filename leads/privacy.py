"""The AVG duties on people's data: everything we hold about a person, and erasing all of it."""

from importlib import import_module
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ExportLog, Lead, Submission

SEARCH_PARAMETER = "q"


def admin_history(leads):
    """The admin's log entries about these people and their submissions."""
    lead_ids = [str(pk) for pk in leads.values_list("pk", flat=True)]
    submission_ids = Submission.objects.filter(lead__in=leads).values_list("pk", flat=True)
    types = ContentType.objects.get_for_models(Lead, Submission)
    return LogEntry.objects.filter(
        content_type=types[Lead], object_id__in=lead_ids
    ) | LogEntry.objects.filter(
        content_type=types[Submission], object_id__in=[str(pk) for pk in submission_ids]
    )


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
    """Delete these people with everything that still names them; the number erased."""
    with transaction.atomic():
        values = personal_values(leads)
        submission_ids = list(
            Submission.objects.filter(lead__in=leads).values_list("pk", flat=True)
        )
        admin_history(leads).delete()
        forget_searches(values)
        forget_sessions(values, submission_ids)
        return leads.delete()[1].get("leads.Lead", 0)


def describe(lead):
    """Everything we hold about one person, in plain field names."""
    lead_fields = ["first_name", "last_name", "email", "phone", "status", "notes"]
    submission_fields = [
        field
        for field in Submission._meta.concrete_fields
        if field.name not in ("id", "lead", "form_token")
    ]
    history = admin_history(Lead.objects.filter(pk=lead.pk)).order_by("action_time")
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
    }
