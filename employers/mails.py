"""The mails to admissions and to employers, written when the worker sends them (see
leads/outbox.py): each function takes an id and returns the message, or raises Drop."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from leads.outbox import Drop, about, find
from leads.starts import start_label
from mkbroute.lib.one_line import one_line
from personas.context_processors import tone_words

from .models import SHARED, Employer, Introduction, may_share
from .tone import employer_tone


def admin_link(name, pk):
    return settings.SITE_URL + reverse(name, args=[pk])


@about(Employer, _("nieuwe werkgever, aan toelating"))
def registration_notice(employer_id):
    """Tell admissions about a new registration, with its places and a link to screen it."""
    employer = find(Employer.objects.all(), employer_id)
    context = {
        "employer": employer,
        "werkplekken": employer.werkplekken.all(),
        "admin_url": admin_link("admin:employers_employer_change", employer.pk),
    }
    body = render_to_string("employers/email/registration_notice.txt", context)
    # Names and titles are one line as typed in the forms, but not always as stored (older
    # rows, the admin): a line break in a subject would stop the mail.
    subject = f"Nieuwe werkgever aangemeld: {one_line(employer.name)}"
    return EmailMultiAlternatives(subject, body, to=[settings.EMPLOYERS_NOTIFY_EMAIL])


def shared_details(lead):
    """What the employer may know of the person (SHARED), from what they told us last."""
    latest = lead.submissions.prefetch_related("programmes").order_by("-created_at").first()
    values = {
        "name": str(lead),
        "email": lead.email,
        "phone": lead.phone,
        "programmes": ", ".join(p.name for p in latest.programmes.all()) if latest else "",
        "preferred_start": start_label(latest.preferred_start) if latest else "",
        "hours_per_week": latest.hours_per_week if latest else "",
    }
    return [(label, values[key]) for key, label in SHARED if values[key] not in ("", None)]


@about(Introduction, _("kennismaking, aan de werkgever"))
def introduction(introduction_id):
    """Mail the employer's contact what they may know of the person proposed for their place,
    if the person still lets us share it and the contact is still there."""
    introductions = Introduction.objects.select_related("lead", "werkplek__employer")
    introduction = find(introductions, introduction_id)
    werkplek, lead = introduction.werkplek, introduction.lead
    if not werkplek.employer.contact_email:
        raise Drop("no contact address")  # the contact person was erased meanwhile
    if not may_share(lead, werkplek):
        raise Drop("no sharing consent")  # withdrawn since the proposal
    context = {
        **tone_words(employer_tone()),
        "werkplek": werkplek,
        "employer": werkplek.employer,
        "details": shared_details(lead),
        "school_email": settings.SCHOOL_EMAIL,
    }
    body = render_to_string("employers/email/introduction.txt", context)
    subject = f"Kandidaat voor uw werkplek {one_line(werkplek.title)} via de Mkb-route"
    return EmailMultiAlternatives(
        subject, body, to=[werkplek.employer.contact_email], reply_to=[settings.SCHOOL_EMAIL]
    )
