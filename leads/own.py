"""A person's own page (/mijn/): what it shows of their submissions, and its forms for
correcting their details and erasing them.

The fields are the lead form's own, so that a correction is checked exactly as the first
answer was: names, phone number, postcode (a PC4 area we know), start and hours.
"""

from django import forms
from django.template.defaultfilters import linebreaksbr
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from personas.forms import TonedFormMixin

from .fields import pc4_of, start_choices
from .forms import LeadForm
from .models import ANSWERS, CONTACT, EDUCATION_CHOICES, Consent, Submission, current_answers
from .models.submissions import UTM_TAGS
from .starts import start_label

SHARED = LeadForm.base_fields


class DetailsForm(TonedFormMixin, forms.Form):
    first_name = SHARED["first_name"]
    last_name = SHARED["last_name"]
    phone = SHARED["phone"]
    postcode = SHARED["postcode"]
    preferred_start = SHARED["preferred_start"]
    hours_per_week = SHARED["hours_per_week"]

    def __init__(self, data=None, *, lead, submissions, tone=None):
        """submissions: the person's, so that the form shows the answers as they count now."""
        initial = {name: getattr(lead, name) for name in CONTACT}
        if submissions:
            initial.update(current_answers(submissions))
        super().__init__(data, initial=initial, tone=tone)
        if not submissions:  # nothing to keep the answers on
            for name in ANSWERS:
                del self.fields[name]
            return
        choices = start_choices()
        start = initial["preferred_start"]
        if start and start not in dict(choices):
            # A month no longer offered stays what it is until the person chooses another.
            choices.insert(-1, (start, start_label(start)))
        self.fields["preferred_start"].choices = choices

    def clean_postcode(self):
        return pc4_of(self.cleaned_data["postcode"])

    @property
    def contact_fields(self):
        return [self[name] for name in CONTACT]

    @property
    def answer_fields(self):
        return [self[name] for name in ANSWERS if name in self.fields]


class EraseForm(TonedFormMixin, forms.Form):
    confirm = forms.BooleanField(
        label=_("Ja, verwijder al mijn gegevens. Ik weet dat dit niet ongedaan kan worden."),
        error_messages={"required": _("Vink aan dat {je} alles wilt laten verwijderen.")},
    )


class Translated(dict):
    """{value: its label translated}, each translated the first time it is asked for."""

    def __init__(self, labels):
        super().__init__()
        self.labels = labels

    def __missing__(self, value):
        self[value] = text = str(self.labels[value]) if value in self.labels else value
        return text


class Stored:
    """What the own page shows of a person's submissions (from leads.models.for_own_page),
    each a dict: pk, heading, rows [(label, value)] of every answer given, consents (each
    with its answer, date and privacy version, and where to withdraw it) and how [(label,
    value)] they came to us.

    Made here in Python, not field by field in the template: someone may have written to us
    many times, and the template engine pays for every lookup on a model. So every word the
    cards share is translated once, and every day and minute formatted once.
    """

    def __init__(self, submissions, withdraw_url):
        """withdraw_url(pk): where the button that withdraws consent pk posts to."""
        self.withdraw_url = withdraw_url
        self.words = Translated(
            {
                "contact": _("Naam en contact"),
                "event": _("Activiteit"),
                "group": _("Wat het best paste"),
                "programmes": _("Opleidingen"),
                "education": _("Hoogste opleiding"),
                "employer": _("Werkgever"),
                "mkb": _("Minder dan 250 medewerkers"),
                "has_employer": _("Al een baan bij een mkb-bedrijf"),
                "postcode": _("Postcode"),
                "start": _("Gewenste start"),
                "hours": _("Uren per week"),
                "message": _("Bericht"),
                True: _("ja"),
                False: _("nee"),
                "landing": _("Eerste pagina"),
                "page": _("Pagina van het formulier"),
                "referrer": _("Verwijzende site"),
                "channel": _("Kanaal"),
                "first_campaign": _("Eerste campagne"),
                "campaign": _("Campagne"),
                # Said of a consent or a sign-up, each filled in with its own date.
                "answered": _("op %(date)s, privacyverklaring %(version)s"),
                "withdrawn": _("ingetrokken op %(date)s"),
                "waiting": _("wacht op bevestiging per mail"),
                "cancelled": _("geannuleerd op %(date)s"),
            }
        )
        self.intents = Translated(dict(Submission.Intent.choices))
        self.educations = Translated(dict(EDUCATION_CHOICES))
        self.purposes = Translated(dict(Consent.Purpose.choices))
        self.starts, self.days, self.minutes = {}, {}, {}
        self.zone = timezone.get_current_timezone()  # looked up once: it costs a context lookup
        self.cards = [self.card(submission) for submission in submissions]

    def __iter__(self):
        return iter(self.cards)

    def day(self, moment):
        day = timezone.localdate(moment, self.zone)
        if day not in self.days:
            self.days[day] = date_format(day, "j F Y")
        return self.days[day]

    def minute(self, moment):
        minute = timezone.localtime(moment, self.zone).replace(second=0, microsecond=0)
        if minute not in self.minutes:
            self.minutes[minute] = date_format(minute, "j F Y H:i")
        return self.minutes[minute]

    def start(self, value):
        if value not in self.starts:
            self.starts[value] = start_label(value)
        return self.starts[value]

    def card(self, submission):
        sent = self.minute(submission.created_at)
        return {
            "pk": str(submission.pk),
            "heading": f"{self.intents[submission.intent]}, {sent}",
            "rows": self.rows(submission),
            "consents": [self.consent(consent, sent) for consent in submission.shown_consents],
            "how": self.how(submission),
        }

    def rows(self, submission):
        """Every answer the submission holds, in the order of the form."""
        words = self.words
        contact = [f"{submission.first_name} {submission.last_name}", submission.email]
        if submission.phone:
            contact.append(submission.phone)
        rows = [(words["contact"], ", ".join(contact))]
        if submission.event_id:
            event = str(submission.event)
            if submission.cancelled_at:
                cancelled = words["cancelled"] % {"date": self.day(submission.cancelled_at)}
                event = f"{event} ({cancelled})"
            rows.append((words["event"], event))
        if submission.target_group_id:
            rows.append((words["group"], submission.target_group.label))
        if submission.programme_names:
            rows.append((words["programmes"], ", ".join(submission.programme_names)))
        if submission.education:
            rows.append((words["education"], self.educations[submission.education]))
        if submission.employer:
            rows.append((words["employer"], submission.employer))
        if submission.employer_is_mkb is not None:
            rows.append((words["mkb"], words[submission.employer_is_mkb]))
        if submission.has_employer is not None:
            rows.append((words["has_employer"], words[submission.has_employer]))
        if submission.postcode:
            rows.append((words["postcode"], submission.postcode))
        if submission.preferred_start:
            rows.append((words["start"], self.start(submission.preferred_start)))
        if submission.hours_per_week is not None:
            rows.append((words["hours"], str(submission.hours_per_week)))
        if submission.message:
            rows.append((words["message"], linebreaksbr(submission.message, autoescape=True)))
        return rows

    def consent(self, consent, sent):
        """A consent's answer in words, when and on which privacy statement it was given, and
        whether it was withdrawn or waits for its confirmation."""
        words = self.words
        answer = words["answered"] % {
            "date": self.day(consent.recorded_at),
            "version": consent.privacy_version,
        }
        if consent.withdrawn_at:
            withdrawn = {"date": self.day(consent.withdrawn_at)}
            answer = f"{answer}, {words['withdrawn'] % withdrawn}"
        elif consent.given and not consent.in_effect:
            answer = f"{answer}, {words['waiting']}"
        purpose = self.purposes[consent.purpose]
        return {
            "answer": f"{purpose}: {words[consent.given]} ({answer})",
            "which": f"{purpose}, {sent}",  # which of the person's consents a button withdraws
            "withdraw_url": self.withdraw_url(consent.pk) if consent.withdrawable else "",
        }

    def how(self, submission):
        """How the person came to us, as far as we noted it."""
        words = self.words
        how = [
            (words["landing"], submission.landing_path),
            (words["page"], submission.page_path),
            (words["referrer"], submission.referrer_host),
        ]
        if submission.channel_id:
            how.append((words["channel"], submission.channel.name))
        for first, label in (("first_", words["first_campaign"]), ("", words["campaign"])):
            if getattr(submission, f"{first}utm_source"):
                tags = [getattr(submission, f"{first}utm_{tag}") for tag in UTM_TAGS]
                how.append((label, " ".join(tags)))
        return [(label, value) for label, value in how if value]
