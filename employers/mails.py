"""The mails to admissions and to employers; sent by tasks.py, logged by id, never by address."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from leads import mail
from personas.context_processors import tone_words

from .models import SHARED
from .tone import employer_tone, start_label

logger = logging.getLogger("employers")


def send(message, what):
    outcome, error = mail.deliver(message)
    if outcome != mail.SENT:
        logger.warning("mail for %s: %s %s", what, outcome, error)
    return outcome


def admin_link(name, pk):
    return settings.SITE_URL + reverse(name, args=[pk])


def registration_notice(employer):
    context = {
        "employer": employer,
        "werkplekken": employer.werkplekken.all(),
        "admin_url": admin_link("admin:employers_employer_change", employer.pk),
    }
    body = render_to_string("employers/email/registration_notice.txt", context)
    subject = f"Nieuwe werkgever aangemeld: {employer.name}"
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


def introduction(introduction):
    werkplek, lead = introduction.werkplek, introduction.lead
    context = {
        **tone_words(employer_tone()),
        "werkplek": werkplek,
        "employer": werkplek.employer,
        "details": shared_details(lead),
        "school_email": settings.SCHOOL_EMAIL,
    }
    body = render_to_string("employers/email/introduction.txt", context)
    subject = f"Kandidaat voor uw werkplek {werkplek.title} via de Mkb-route"
    return EmailMultiAlternatives(
        subject, body, to=[werkplek.employer.contact_email], reply_to=[settings.SCHOOL_EMAIL]
    )
