"""The mails to admissions, to employers and of alerts, written when the worker sends them (see
leads/outbox.py): each function takes an id and returns the message, or raises Drop."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from leads.mails import mail_tone
from leads.outbox import Drop, about, find
from leads.starts import start_label
from mkbroute.lib import geo
from mkbroute.lib.one_line import one_line
from personas.context_processors import tone_words

from .alerts import UNCONFIRMED_DAYS, Alert, Digest
from .models import SHARED, Employer, Introduction, Werkplek, may_share
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
        "school_email": settings.SCHOOL_EMAIL,
    }
    body = render_to_string("employers/email/introduction.txt", context)
    subject = f"Kandidaat voor uw werkplek {one_line(werkplek.title)} via de Mkb-route"
    return EmailMultiAlternatives(
        subject, body, to=[werkplek.employer.contact_email], reply_to=[settings.SCHOOL_EMAIL]
    )


# A digest names this many places; the link to the list shows the rest.
DIGEST_PLACES = 10


@about(Alert)
def alert_confirmation(alert_id):
    """Ask the address to confirm the alert: nothing is mailed to it until it does."""
    alert = find(Alert.objects.select_related("programme", "tone"), alert_id)
    if alert.confirmed_at is not None:
        raise Drop("confirmed already")
    context = {
        **tone_words(mail_tone(alert.tone)),
        "alert": alert,
        "confirm_url": alert.confirm_url(),
        "days": UNCONFIRMED_DAYS,
    }
    subject = render_to_string("employers/email/alert_confirmation_subject.txt", context)
    return EmailMultiAlternatives(
        subject=one_line(subject),
        body=render_to_string("employers/email/alert_confirmation.txt", context),
        to=[alert.email],
    )


@about(Digest)
def alert_digest(digest_id):
    """The new places of an alert, nearest first, as far as they are still open when it
    leaves; with the one-click unsubscribe of RFC 8058."""
    digest = find(Digest.objects.select_related("alert__programme", "alert__tone"), digest_id)
    alert = digest.alert
    if alert.confirmed_at is None:
        raise Drop("not confirmed")
    open_places = Werkplek.objects.public().select_related("employer").in_bulk(digest.places)
    places = [open_places[pk] for pk in digest.places if pk in open_places]
    if not places:
        raise Drop("no place open any more")
    area = geo.lookup(alert.pc4)
    unsubscribe = alert.unsubscribe_url()
    context = {
        **tone_words(mail_tone(alert.tone)),
        "alert": alert,
        "count": len(places),
        "places": [
            (werkplek, km_from(area, werkplek), settings.SITE_URL + werkplek.get_absolute_url())
            for werkplek in places[:DIGEST_PLACES]
        ],
        "more": max(len(places) - DIGEST_PLACES, 0),
        "list_url": alert.list_url(),
        "unsubscribe_url": unsubscribe,
    }
    return EmailMultiAlternatives(
        subject=one_line(render_to_string("employers/email/alert_digest_subject.txt", context)),
        body=render_to_string("employers/email/alert_digest.txt", context),
        to=[alert.email],
        # Mail programs show an "unsubscribe" button that ends the alert in one click.
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def km_from(area, werkplek):
    """The whole kilometres from the alert's area to the place, or None if either is unknown."""
    if area is None or werkplek.lat is None:
        return None
    return round(geo.distance_km(area.lat, area.lon, werkplek.lat, werkplek.lon))
