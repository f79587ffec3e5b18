"""The mails of this app, written when the worker sends them (see outbox.py): each function
takes an id and returns the message, or raises outbox.Drop saying why it should not go."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mkbroute.lib.one_line import one_line
from mkbroute.lib.queries import Prepared
from personas.context_processors import tone_words
from personas.tone import tone_by_slug

from .models import LINKS, Consent, Lead, Reminder, Submission, withdraw_url
from .outbox import Drop, about, find


def mail_tone(tone):
    """The tone a mail speaks in (None: the default tone), with its words: kept per content
    version, as pages have it, because the worker sends many mails in a few tones."""
    if tone is None:
        return tone_by_slug(None)
    return tone_by_slug(tone.slug) or tone


def may_contact(submission="pk"):
    """An annotation: whether the person still lets us contact them about the submission
    (submission names the field that points at it). Read when a mail leaves: someone who
    withdrew after the mail was queued, while the mail server failed, hears nothing."""
    in_effect = Consent.objects.in_effect().filter(purpose=Consent.Purpose.CONTACT)
    return Exists(in_effect.filter(submission=OuterRef(submission)))


def own_page(lead):
    """The link to the person's own page (/mijn/) for a mail to them, made as the mail is
    written, so that it carries their current link version."""
    return {"link": lead.personal_link(), "days": LINKS.days}


# What the confirmation reads of a submission; tests/leads/test_mail.py counts its queries.
CONFIRMATION_READS = [
    "first_name",
    "email",
    "event",
    "intent",
    "has_employer",
    "lead__link_version",
    "tone__slug",
]
# The confirmation's two reads, their SQL built once per process (mkbroute.lib.queries):
# building it anew for each mail cost the worker a millisecond of the four a mail took.
SUBMISSION = Prepared(
    lambda pk: (
        Submission.objects.select_related("tone", "lead")
        .only(*CONFIRMATION_READS)
        .filter(pk=pk)[:1]
    )
)
CONSENTS = Prepared(lambda submission: Consent.objects.filter(submission=submission).order_by())


@about(Submission, _("bevestiging aan de persoon"))
def confirmation(submission_id):
    """The person's confirmation, in their tone, with the link to confirm what needs it."""
    # Two plain queries, the submission with its tone and person and then its few consents,
    # read here: building one query with a subquery per consent cost more than the rest of
    # the mail. The mail names only the consents that await confirmation. Of the submission's
    # fifty columns only what the mail reads (its templates: a name, the event, the answer
    # about an employer; a reply's werkplek by intent), which halves the cost of that query.
    submission = SUBMISSION.first(submission_id)
    if submission is None:
        raise Drop("gone")
    consents = {c.purpose: c for c in CONSENTS(submission.pk)}
    contact = consents.get(Consent.Purpose.CONTACT)
    if contact is None or not contact.in_effect:
        raise Drop("no contact consent")
    given = [
        Consent.Purpose(purpose).label
        for purpose in Consent.CONFIRMED_BY_MAIL
        if purpose in consents and consents[purpose].awaits_confirmation
    ]
    withdraw = withdraw_url(submission.lead_id)
    context = {
        **tone_words(mail_tone(submission.tone)),
        "submission": submission,
        "awaiting": given,
        "confirm_url": submission.confirm_url() if given else "",
        "withdraw_url": withdraw,
        **own_page(submission.lead),
    }
    message = EmailMultiAlternatives(
        # An event's title is typed in the admin: a line break there must not stop the mail.
        subject=one_line(render_to_string("leads/email/confirmation_subject.txt", context)),
        body=render_to_string("leads/email/confirmation.txt", context),
        to=[submission.email],
        # Mail programs show an "unsubscribe" button that withdraws in one click (RFC 8058).
        headers={
            "List-Unsubscribe": f"<{withdraw}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    html = render_to_string("leads/email/confirmation.html", context)
    message.attach_alternative(html, "text/html")
    return message


@about(Submission, _("nieuwe lead, aan toelating"))
def admissions_notice(submission_id):
    """A short note to the admissions inbox: what was asked, and a link to the lead; not
    about someone who no longer wants to be contacted (admissions would call them)."""
    submissions = Submission.objects.select_related("event", "target_group", "persona")
    submission = find(submissions.annotate(contact=may_contact()), submission_id)
    if not submission.contact:
        raise Drop("no contact consent")
    subject = f"Nieuwe lead: {submission.get_intent_display()}"
    # A mail has no request to be relative to: the link needs the site's own address.
    path = reverse("admin:leads_lead_change", args=[submission.lead_id])
    context = {"submission": submission, "admin_url": settings.SITE_URL + path}
    body = render_to_string("leads/email/notification.txt", context)
    return EmailMultiAlternatives(subject, body, to=[settings.LEADS_NOTIFY_EMAIL])


@about(Reminder, _("herinnering aan een deadline"))
def reminder(reminder_id):
    """The reminder of a deadline, in the person's tone; never after the deadline, never to
    someone who withdrew the consent it was queued under."""
    reminders = Reminder.objects.select_related("lead", "submission__tone", "intake__programme")
    reminder = find(reminders.annotate(contact=may_contact("submission")), reminder_id)
    if timezone.localdate() > reminder.deadline:
        raise Drop("after the deadline")
    if not reminder.contact:
        raise Drop("no contact consent")
    submission = reminder.submission
    context = {
        **tone_words(mail_tone(submission.tone)),
        "submission": submission,
        "intake": reminder.intake,
        "deadline": reminder.deadline,
        "gives_admission_right": reminder.deadline == reminder.intake.admission_right_until,
        "withdraw_url": reminder.lead.withdraw_url(),
        **own_page(reminder.lead),
    }
    return EmailMultiAlternatives(
        subject=one_line(render_to_string("leads/email/reminder_subject.txt", context)),
        body=render_to_string("leads/email/reminder.txt", context),
        to=[reminder.lead.email],
        headers={"List-Unsubscribe": f"<{context['withdraw_url']}>"},
    )


@about(Lead, _("persoonlijke link aan de persoon"))
def personal_link(lead_id):
    """The person's link to /mijn/, asked for on /mijn/link/, in the tone they last had."""
    lead = find(Lead.objects.all(), lead_id)
    latest = lead.submissions.select_related("tone").order_by("-created_at").first()
    context = {
        **tone_words(mail_tone(latest.tone if latest else None)),
        "lead": lead,
        "link": lead.personal_link(),
        "days": LINKS.days,
        "school_email": settings.SCHOOL_EMAIL,
    }
    return EmailMultiAlternatives(
        subject=one_line(render_to_string("leads/email/personal_link_subject.txt", context)),
        body=render_to_string("leads/email/personal_link.txt", context),
        to=[lead.email],
        reply_to=[settings.SCHOOL_EMAIL],
    )
