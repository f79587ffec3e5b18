"""Spam defences without a third party, one way for every public form: a signed one-time
form token, a fill time, a honeypot (ProtectedForm) and a rate limit (guard)."""

import logging
import secrets
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mkbroute.lib.errors import error_page
from mkbroute.lib.limits import client_ip, count_within, network, parse_rate, used_up
from mkbroute.lib.one_line import OneLineFields

logger = logging.getLogger("leads.spam")
SALT = "leads.form-token"
TOKEN_MAX_AGE = 24 * 3600

HONEYPOT = _(
    "Dit bericht kon niet worden verstuurd. Probeer het opnieuw, of neem contact op per e-mail."
)
EXPIRED = _(
    "Het formulier was verlopen of onvolledig. Controleer de gegevens en verstuur het opnieuw."
)
TOO_FAST = _("Dat ging wel heel snel. Controleer de gegevens en verstuur het opnieuw.")
USED = _(
    "Dit formulier is al verstuurd, met andere gegevens. Controleer wat er nu staat en "
    "verstuur het opnieuw als het klopt."
)


def new_token():
    """A token for one form: a random id (stored with the submission) and when it was shown."""
    return signing.dumps({"id": secrets.token_hex(16), "t": time.time()}, salt=SALT)


def token_for(request):
    """A new token for a cached page's lead form (settings.PAGE_CACHE_PER_VISITOR_FIELDS)."""
    return new_token()


def read_token(token):
    """The token's id and age in seconds, or None if it is missing, forged or expired."""
    try:
        data = signing.loads(token or "", salt=SALT, max_age=TOKEN_MAX_AGE)
        return str(data["id"])[:64], time.time() - float(data["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def log_refusal(reason):
    """Log a refused submit; no personal data, only why."""
    logger.warning("lead refused: %s", reason)


class ProtectedForm(OneLineFields, forms.Form):
    """A public form that bots cannot send: it carries a signed one-time token (which also
    tells how fast it was filled in) and a field people never see. Its fields of one line
    refuse line breaks and control characters (OneLineFields).

    A refusal is logged and the form shown again can be sent: it gets a new token. A form
    shown to fill in gets its token here.
    """

    # Hidden: the signed one-time token (fill time, double submit) and a field for bots.
    token = forms.CharField(widget=forms.HiddenInput, required=False)
    website = forms.CharField(required=False, max_length=200, label=_("Website"))

    # The hidden fields a person cannot get wrong: an error in one is a bot's doing.
    GUARDED = ("token",)
    # Whatever a bot types into the field people never see is refused as the honeypot's.
    any_text = ("website",)
    # Which form the log names, where it is not the lead form.
    refused_in = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            self.data = self.data.copy()  # one that can change: see refuse()
        elif "token" not in self.initial:
            self.initial["token"] = new_token()
        self.fields["website"].widget.attrs.update(tabindex="-1", autocomplete="off")

    @property
    def top_errors(self):
        """The errors of the form as a whole and of its hidden fields, each message once."""
        hidden = (error for field in self.hidden_fields() for error in field.errors)
        return list(dict.fromkeys([*self.non_field_errors(), *hidden]))

    def refused_as_spam(self):
        """Whether a defence against bots refused this form, rather than a typo."""
        honeypot = self.has_error(NON_FIELD_ERRORS, "honeypot")
        return honeypot or any(map(self.has_error, self.GUARDED))

    def clean_token(self):
        """The token's id, stored with a submission so that a resend stores nothing new."""
        token = read_token(self.cleaned_data["token"])
        if token is None:
            self.refuse("missing or forged token")
            raise ValidationError(EXPIRED, code="token")
        token_id, age = token
        if age < settings.LEADS_MIN_FILL_SECONDS:
            self.refuse("filled in too fast")
            raise ValidationError(TOO_FAST, code="too_fast")
        return token_id

    def clean(self):
        cleaned_data = super().clean()
        # Only a bot fills in the field people never see, so the error is the form's.
        if cleaned_data.get("website"):
            self.refuse("honeypot")
            raise ValidationError(HONEYPOT, code="honeypot")
        return cleaned_data

    def refuse_used_token(self):
        """Refuse the form: its token already made something else (another person, another
        registration). One token makes one: sent again unchanged it is the same one, but a
        second, different one needs a form of its own, with its own fill time."""
        self.refuse("token used before for something else")
        self.add_error(None, ValidationError(USED, code="used"))

    def refuse(self, reason):
        """Log why a submit is refused (no personal data), and give the form shown again a
        new token, so that it can be sent."""
        log_refusal(f"{self.refused_in}: {reason}" if self.refused_in else reason)
        self.data["token"] = new_token()


def guard(request, *sent):
    """The rate limit on a sent form: None, or the 429 page (logged) once this client has
    used up its submits for now.

    The forms given, a ProtectedForm first and then what is sent with it (a formset), are
    validated here; the submit counts when they are all valid or the first was refused as
    spam, and is refused when that count goes over the limit. A typo the visitor corrects
    costs nothing, nor does a post without forms (one that stores nothing). The view asks
    is_valid() next, which is known by then.
    """
    if over_rate_limit(request):  # refused before the forms are even read
        log_refusal("rate limit")
        return too_many(request)
    if sent:
        valid = all(form.is_valid() for form in sent)
        if (valid or sent[0].refused_as_spam()) and not count_submit(request):
            log_refusal("rate limit")
            return too_many(request)
    return None


def too_many(request):
    """The page for a client over the rate limit, with the way to reach us all the same."""
    message = gettext(
        "Vanaf dit adres zijn in korte tijd veel formulieren verstuurd. Probeer het over een uur "
        "opnieuw, of mail ons: dan helpen we {jou} meteen."
    )
    email = settings.SCHOOL_EMAIL
    mail_us = [(f"mailto:{email}", email)]
    return error_page(request, 429, message=request.tone.render(message), links=mail_us)


def rate_counters(request):
    """(key, limit, window) of the counters a submit from this client adds to: its address
    and its network, each limited by its own setting."""
    ip = client_ip(request)
    for rate, who in (
        (settings.LEADS_RATE_LIMIT, ip),
        (settings.LEADS_NETWORK_RATE_LIMIT, network(ip)),
    ):
        limit, window = parse_rate(rate)
        yield f"leads-rate:{who}:{int(time.time() // window)}", limit, window


def over_rate_limit(request):
    """True once the client's address or network has used up its submits for now: both
    counters read in one round trip."""
    return used_up(list(rate_counters(request)))


def count_submit(request):
    """Count a submit that is accepted or refused as spam (a typo the visitor corrects costs
    nothing), both counters in one round trip: False when that went over a limit, and the
    submit is refused. Counting decides, not the check before: of submits that arrive
    together, exactly as many as the limit allows get through."""
    return count_within(list(rate_counters(request)))
