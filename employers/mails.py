"""The mails to admissions and to employers, written when the worker sends them (see
leads/outbox.py): each function takes an id and returns the message, or raises Drop."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from leads.outbox import Drop, about, find
from leads.starts import start_label
from mkbroute.lib.one_line import one_line
from personas.context_processors import tone_words

from .models import LINKS, SHARED, Employer, Introduction, may_share
from .tone import employer_tone


def admin_link(name, pk):
    return settings.SITE_URL + reverse(name, args=[pk])


@about(Employer)
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


@about(Introduction)
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
        "link": werkplek.employer.personal_link(),
        "school_email": settings.SCHOOL_EMAIL,
    }
    body = render_to_string("employers/email/introduction.txt", context)
    subject = f"Kandidaat voor uw werkplek {one_line(werkplek.title)} via de Mkb-route"
    return EmailMultiAlternatives(
        subject, body, to=[werkplek.employer.contact_email], reply_to=[settings.SCHOOL_EMAIL]
    )


def to_contact(employer, template, subject):
    """A mail to the employer's contact person with their link to /werkgevers/mijn/, written
    now, so that it carries the link of the contact as they are now."""
    if not employer.contact_email:
        raise Drop("no contact address")
    context = {
        **tone_words(employer_tone()),
        "employer": employer,
        "link": employer.personal_link(),
        "days": LINKS.days,
        "school_email": settings.SCHOOL_EMAIL,
    }
    body = render_to_string(template, context)
    return EmailMultiAlternatives(
        subject, body, to=[employer.contact_email], reply_to=[settings.SCHOOL_EMAIL]
    )


@about(Employer)
def registration_confirmation(employer_id):
    """Confirm a registration to its contact person, with their link."""
    employer = find(Employer.objects.all(), employer_id)
    subject = f"Aanmelding ontvangen: {one_line(employer.name)} bij de Mkb-route"
    return to_contact(employer, "employers/email/registration_confirmation.txt", subject)


@about(Employer)
def new_contact(employer_id):
    """Tell a new contact person, filled in on /werkgevers/mijn/, with their own link."""
    employer = find(Employer.objects.all(), employer_id)
    subject = f"U bent de contactpersoon van {one_line(employer.name)} voor de Mkb-route"
    return to_contact(employer, "employers/email/new_contact.txt", subject)


@about(Employer)
def personal_link(employer_id):
    """The contact person's link to /werkgevers/mijn/, asked for on /werkgevers/link/."""
    employer = find(Employer.objects.all(), employer_id)
    subject = f"Uw link naar de werkplekken van {one_line(employer.name)}"
    return to_contact(employer, "employers/email/personal_link.txt", subject)
