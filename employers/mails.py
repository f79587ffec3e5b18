"""The mails to admissions, to employers and of alerts, written when the worker sends them (see
leads/outbox.py): each function takes an id and returns the message, or raises Drop."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from leads.mails import mail_tone
from leads.outbox import Drop, about, find
from mkbroute.lib import geo
from mkbroute.lib.one_line import one_line
from personas.context_processors import tone_words

from .alerts import UNCONFIRMED_DAYS, Alert, Digest
from .introductions import shared_values
from .models import LINKS, Employer, EmployerHistory, Introduction, Werkplek, may_share
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


@about(EmployerHistory, _("nieuwe contactpersoon, aan toelating"))
def contact_handed_over(happening_id):
    """Tell admissions that a contact person handed the employer's page to someone else
    through their link: a forwarded link could do that too, so someone should check it."""
    happening = find(EmployerHistory.objects.select_related("employer"), happening_id)
    employer = happening.employer
    context = {
        "employer": employer,
        "at": happening.at,
        "admin_url": admin_link("admin:employers_employer_change", employer.pk),
    }
    body = render_to_string("employers/email/contact_handed_over.txt", context)
    subject = f"Nieuwe contactpersoon via de persoonlijke link: {one_line(employer.name)}"
    return EmailMultiAlternatives(subject, body, to=[settings.EMPLOYERS_NOTIFY_EMAIL])


def shared_details(lead):
    """What the employer may know of the person (SHARED), from what they told us last."""
    latest = lead.submissions.prefetch_related("programmes").order_by("-created_at").first()
    return shared_values(lead, latest)


@about(Introduction, _("kennismaking, aan de werkgever"))
def introduction(introduction_id):
    """Mail the employer's contact what they may know of the person proposed for their place,
    if the person still lets us share it and the contact is still there."""
    introductions = Introduction.objects.select_related("lead", "werkplek__employer")
    introduction = find(introductions, introduction_id)
    werkplek, lead = introduction.werkplek, introduction.lead
    if not may_share(lead, werkplek):
        raise Drop("no sharing consent")  # withdrawn since the proposal
    return employer_mail(
        werkplek.employer,
        "employers/email/introduction.txt",
        f"Kandidaat voor uw werkplek {werkplek.title} via de Mkb-route",
        werkplek=werkplek,
        details=shared_details(lead),
    )


@about(Employer, _("bevestiging van de aanmelding aan de werkgever"))
def registration_confirmation(employer_id):
    """Confirm a registration to its contact person, with their link."""
    employer = find(Employer.objects.all(), employer_id)
    subject = f"Aanmelding ontvangen: {one_line(employer.name)} bij de Mkb-route"
    return employer_mail(
        employer, "employers/email/registration_confirmation.txt", subject, days=LINKS.days
    )


@about(Employer, _("link voor een nieuwe contactpersoon"))
def new_contact(employer_id):
    """Tell a new contact person, filled in on /werkgevers/mijn/ or by admissions in the admin,
    with their own link."""
    employer = find(Employer.objects.all(), employer_id)
    subject = f"U bent de contactpersoon van {one_line(employer.name)} voor de Mkb-route"
    return employer_mail(employer, "employers/email/new_contact.txt", subject, days=LINKS.days)


@about(Employer, _("persoonlijke link aan de werkgever"))
def personal_link(employer_id):
    """The contact person's link to /werkgevers/mijn/, asked for on /werkgevers/link/."""
    employer = find(Employer.objects.all(), employer_id)
    subject = f"Uw link naar de werkplekken van {one_line(employer.name)}"
    return employer_mail(employer, "employers/email/personal_link.txt", subject, days=LINKS.days)


def candidate_mail(introduction, template, subject):
    """A mail to the person about their introduction, in the tone they last wrote to us in,
    with their link to /mijn/; Drop when they no longer let us contact them."""
    from leads.mails import mail_tone
    from leads.models import Consent

    lead = introduction.lead
    contact = Consent.objects.in_effect().filter(purpose=Consent.Purpose.CONTACT)
    if not contact.filter(submission__lead=lead).exists():
        raise Drop("no contact consent")
    latest = lead.submissions.select_related("tone").order_by("-created_at").first()
    context = {
        **tone_words(mail_tone(latest.tone if latest else None)),
        "introduction": introduction,
        "werkplek": introduction.werkplek,
        "employer": introduction.werkplek.employer,
        "lead": lead,
        "link": lead.personal_link(),
        "school_email": settings.SCHOOL_EMAIL,
    }
    return EmailMultiAlternatives(
        subject=one_line(render_to_string(subject, context)),
        body=render_to_string(template, context),
        to=[lead.email],
        reply_to=[settings.SCHOOL_EMAIL],
    )


def employer_mail(employer, template, subject, **context):
    """A mail to the employer's contact person, in the u-tone, with their link to
    /werkgevers/mijn/; Drop when the contact person is gone."""
    if not employer.contact_email:
        raise Drop("no contact address")  # the contact person was erased meanwhile
    context = {
        **tone_words(employer_tone()),
        "employer": employer,
        "link": employer.personal_link(),
        "school_email": settings.SCHOOL_EMAIL,
        **context,
    }
    return EmailMultiAlternatives(
        subject=one_line(subject),
        body=render_to_string(template, context),
        to=[employer.contact_email],
        reply_to=[settings.SCHOOL_EMAIL],
    )


def introduction_of(introduction_id):
    introductions = Introduction.objects.select_related("lead", "werkplek__employer")
    return find(introductions, introduction_id)


@about(Introduction, _("voorstel aan de persoon"))
def introduced(introduction_id):
    """Tell the person we proposed them for a place: which employer, which place, and exactly
    what we shared (Introduction.shared)."""
    introduction = introduction_of(introduction_id)
    if not may_share(introduction.lead, introduction.werkplek):
        raise Drop("no sharing consent")  # withdrawn since: the employer heard nothing either
    return candidate_mail(
        introduction,
        "employers/email/introduced.txt",
        "employers/email/introduced_subject.txt",
    )


@about(Introduction, _("antwoord van de werkgever aan de persoon"))
def employer_answer(introduction_id):
    """Tell the person what the employer answered: an invitation, or why they do not fit."""
    introduction = introduction_of(introduction_id)
    if not (introduction.invited or introduction.declined_by_employer):
        raise Drop("no answer from the employer")  # changed by admissions meanwhile
    if introduction.declined_by == Introduction.DeclinedBy.CANDIDATE:
        raise Drop("the person withdrew")
    return candidate_mail(
        introduction,
        "employers/email/employer_answer.txt",
        "employers/email/employer_answer_subject.txt",
    )


@about(Introduction, _("kennismaking bijgewerkt, aan toelating"))
def introduction_notice(introduction_id):
    """Tell admissions that an introduction moved: the employer's answer, the person's reply,
    as they stand when the mail leaves, with a link to the introduction in the admin."""
    introduction = introduction_of(introduction_id)
    context = {
        "introduction": introduction,
        "werkplek": introduction.werkplek,
        "employer": introduction.werkplek.employer,
        "admin_url": admin_link("admin:employers_introduction_change", introduction.pk),
    }
    body = render_to_string("employers/email/introduction_notice.txt", context)
    subject = f"Kennismaking bijgewerkt: {introduction.get_status_display()}, " + one_line(
        introduction.werkplek.employer.name
    )
    return EmailMultiAlternatives(subject, body, to=[settings.EMPLOYERS_NOTIFY_EMAIL])


@about(Introduction, _("herinnering aan de werkgever"))
def introduction_reminder(introduction_id):
    """Remind the employer that a person waits for their answer, once (answers.follow_up)."""
    introduction = introduction_of(introduction_id)
    werkplek, lead = introduction.werkplek, introduction.lead
    if not introduction.awaits_employer:
        raise Drop("answered")
    if not may_share(lead, werkplek):
        raise Drop("no sharing consent")  # the page shows them nothing to answer to
    subject = f"Herinnering: een kandidaat voor {werkplek.title} wacht op uw antwoord"
    return employer_mail(
        werkplek.employer,
        "employers/email/introduction_reminder.txt",
        subject,
        introduction=introduction,
        werkplek=werkplek,
        details=shared_details(lead),
    )


@about(Introduction, _("afzegging van de persoon aan de werkgever"))
def candidate_declined(introduction_id):
    """Tell the employer that the person they were introduced to has no interest any more
    (without what the person wrote to us: that is for admissions)."""
    introduction = introduction_of(introduction_id)
    werkplek = introduction.werkplek
    if introduction.declined_by != Introduction.DeclinedBy.CANDIDATE:
        raise Drop("not declined by the person")
    shares = may_share(introduction.lead, werkplek)
    return employer_mail(
        werkplek.employer,
        "employers/email/candidate_declined.txt",
        f"Kandidaat voor {werkplek.title} ziet af van een kennismaking",
        introduction=introduction,
        werkplek=werkplek,
        name=str(introduction.lead) if shares else "",
    )


@about(Employer, _("vraag of werkplekken nog open staan"))
def freshness_question(employer_id):
    """Ask the employer whether their places are still open: every place asked about and not
    answered yet, each with the day it leaves the site (freshness.py)."""
    employer = find(Employer.objects.exclude(status=Employer.Status.STOPPED), employer_id)
    werkplekken = [w for w in employer.werkplekken.order_by("title") if w.awaits_confirmation]
    if not werkplekken:
        raise Drop("nothing to ask")  # answered before the mail left
    return employer_mail(
        employer,
        "employers/email/freshness_question.txt",
        "Staan uw werkplekken bij de Mkb-route nog open?",
        werkplekken=werkplekken,
    )


# A digest names this many places; the link to the list shows the rest.
DIGEST_PLACES = 10


@about(Alert, _("bevestiging van een attendering"))
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


@about(Digest, _("overzicht van nieuwe werkplekken"))
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
