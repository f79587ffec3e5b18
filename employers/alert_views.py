"""Alerts from the list of werkplekken: ask for one, confirm it, end it (see alerts.py).

The links in the mails only show a page on GET (or HEAD): mail scanners open every link before
the person does, so only the button on that page, a POST, confirms or ends an alert.
"""

import datetime

from django.core import signing
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from leads import spam
from leads.mailbox import mailbox_key
from leads.mails import mail_tone
from mkbroute.lib.cache import cache_per_tone
from mkbroute.lib.limits import address_counter, count_within

from .alerts import CONFIRM_SALT, MAX_PER_MAILBOX, UNCONFIRMED_DAYS, UNSUBSCRIBE_SALT, Alert
from .forms import AlertForm, AlertSearchForm
from .views import start_choices

INVALID, GONE = "invalid", "removed"
# The confirmation mail goes to whatever address is typed in, from any network: per mailbox
# as many asks an hour as it may have alerts. Over that nothing is stored and nothing is
# mailed, and the page that follows reads the same, so nobody floods another's mailbox.
PER_MAILBOX = f"{MAX_PER_MAILBOX}/h"


@require_POST
def subscribe(request):
    """The form under a search with a postcode: stored, its confirmation mail owed, and on to
    a page that reads the same whether this address had alerts or not."""
    form = AlertForm(request.POST, tone=request.tone)
    search_form = AlertSearchForm(request.POST, tone=request.tone, starts=start_choices())
    refused = spam.guard(request, form, search_form)
    if refused is not None:
        return refused
    if not (form.is_valid() and search_form.is_valid()):
        return show_subscribe(request, form, search_form)
    email = form.cleaned_data["email"]
    if count_within([address_counter("alert-rate", mailbox_key(email), PER_MAILBOX)]):
        Alert.subscribe(email, search_form.search(), tone=request.tone)
    return redirect("employers:alert_sent")


def show_subscribe(request, form, search_form):
    search = search_form.search()
    context = {
        "alert_form": form,
        "form": search_form,
        "search": search,
        "description": Alert.of_search(search).describe() if search.area else "",
    }
    return render(request, "employers/alert_subscribe.html", context)


@cache_per_tone
def sent(request):
    context = {"days": UNCONFIRMED_DAYS, "most": MAX_PER_MAILBOX}
    return render(request, "employers/alert_sent.html", context)


def signed_alert(token, salt, max_age=None):
    """(the alert the token names or None, whether the token itself is good)."""
    try:
        pk = int(signing.loads(token, salt=salt, max_age=max_age))
    except (signing.BadSignature, TypeError, ValueError):
        return None, False
    return Alert.objects.select_related("programme", "tone").filter(pk=pk).first(), True


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """The link in the confirmation mail: the page asks, its button confirms."""
    max_age = datetime.timedelta(days=UNCONFIRMED_DAYS)
    alert, _good = signed_alert(token, CONFIRM_SALT, max_age)
    if alert is None:
        return alert_page(request, INVALID, status=400)
    if request.method == "POST":
        alert.confirm()
        return alert_page(request, "confirmed", alert)
    return alert_page(request, "confirmed" if alert.confirmed_at else "confirm", alert)


# Mail programs send the one-click POST of RFC 8058 (List-Unsubscribe-Post) without a form of
# ours, so it carries no CSRF token: the signed token in the address is what authorises it.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """The link under every digest, and the mail program's one-click unsubscribe: the page
    asks, its button (or the mail program's POST) ends the alert. Ended twice is no error."""
    alert, good = signed_alert(token, UNSUBSCRIBE_SALT)
    if not good:
        return alert_page(request, INVALID, status=400)
    if alert is None:
        return alert_page(request, GONE)
    if request.method == "POST":
        alert.remove()
        return alert_page(request, GONE)
    return alert_page(request, "unsubscribe", alert)


def alert_page(request, state, alert=None, status=200):
    """The page behind a link in a mail, in the tone the alert was asked in; never cached."""
    if alert is not None and alert.tone is not None:
        request.tone = mail_tone(alert.tone)
    context = {"state": state, "alert": alert, "days": UNCONFIRMED_DAYS}
    response = render(request, "employers/alert.html", context, status=status)
    add_never_cache_headers(response)
    return response
