"""Personal links: a page of one's own, opened from a mail, without an account or password.

An employer's contact person and a candidate each get a link in our mails. It names one
holder (an employer, a person) and the version of their links, signed with Django's signing
and a salt per kind of holder, and works for a number of days. Raising the holder's version
makes every link sent before void: admissions revoke a link that way, and a new contact
person or e-mail address does it too.

Mail scanners (Safe Links and others) open every link before the person does, so opening
one changes nothing and spends nothing: the GET only starts a short session, a signed
cookie that holds the holder and version for SESSION_SECONDS, restricted to the pages of
that kind of holder, and sends the browser to the same page without the token. From there
on every action is a POST with a CSRF token, from the page. The token so leaves the address
bar at once: it is never in a Referer (the site sends none to other hosts anyway), in the
page cache (these pages are never cached) or in a log (Django logs paths, not queries).
"""

import dataclasses
import functools

from django import forms
from django.conf import settings
from django.core import signing
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext_lazy as _

from . import tally
from .errors import error_page
from .limits import address_counter, client_ip, counter, network

TOKEN = "t"  # the query parameter that carries the token in a mail's link
SESSION_SECONDS = 2 * 3600

# Why a link or session does not open the page: (status, what the page says).
REFUSALS = {
    "invalid": (403, _("Deze link is niet compleet of niet geldig.")),
    "expired": (410, _("Deze link is verlopen.")),
    "revoked": (410, _("Deze link is ingetrokken of vervangen door een nieuwe.")),
    "no_session": (403, _("Open deze pagina met de link uit de e-mail.")),
    "session_expired": (403, _("De pagina stond lang open: open de link uit de e-mail opnieuw.")),
}


@dataclasses.dataclass(frozen=True)
class Scope:
    """One kind of holder: whose links these are, how long they work, where they lead.

    name: short and distinct per kind; it is part of the salt, so one kind's link never
    opens another's page. days: how long a link in a mail works. path: the pages the
    session cookie is sent to. request_url: the url name of "mail me a new link".
    """

    name: str
    days: int
    path: str
    request_url: str

    @property
    def salt(self):
        return f"mkbroute.personal-link.{self.name}"

    @property
    def cookie(self):
        return f"link_{self.name}"

    def token(self, pk, version):
        return signing.dumps([pk, version], salt=self.salt, compress=True)

    def url(self, view_url, pk, version):
        """The absolute link for a mail: the page (a path) with the holder's token."""
        return f"{settings.SITE_URL}{view_url}?{TOKEN}={self.token(pk, version)}"

    def read(self, value, max_age, salt_suffix=""):
        """(pk, version) from a token or session cookie; raises Refused with the reason."""
        try:
            pk, version = signing.loads(value, salt=self.salt + salt_suffix, max_age=max_age)
        except signing.SignatureExpired:
            raise Refused("expired" if not salt_suffix else "session_expired") from None
        except (signing.BadSignature, TypeError, ValueError):
            raise Refused("invalid") from None
        if not (isinstance(pk, int) and isinstance(version, int)):
            raise Refused("invalid")
        return pk, version


class Refused(Exception):
    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def opened_by_link(scope, holder_for):
    """Decorates a view of a holder's own page: it is called as view(request, holder, ...).

    holder_for(pk, version) gives the holder, or None when they are gone or the version
    is no longer theirs (a revoked link). Without a valid link or session the visitor gets
    a Dutch page that offers a new link, with a 4xx status.
    """

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                if TOKEN in request.GET and request.method in ("GET", "HEAD"):
                    return start_session(request, scope, holder_for)
                holder = session_holder(request, scope, holder_for)
            except Refused as refused:
                response = refusal(request, scope, refused.reason)
                if scope.cookie in request.COOKIES:  # a session that no longer holds
                    end_session(response, scope)
                return response
            request.link_holder = holder
            response = view(request, holder, *args, **kwargs)
            return private(response)

        return wrapper

    return decorate


def start_session(request, scope, holder_for):
    pk, version = scope.read(request.GET[TOKEN], max_age=scope.days * 86400)
    if holder_for(pk, version) is None:
        raise Refused("revoked")
    response = private(HttpResponseRedirect(request.path))
    value = signing.dumps([pk, version], salt=scope.salt + ".session")
    set_session_cookie(response, scope, value, SESSION_SECONDS)
    return response


def set_session_cookie(response, scope, value, max_age):
    """The session cookie, set or (max_age 0) forgotten, with the same flags either way: a
    Set-Cookie without Secure under https is what browsers and scanners flag."""
    response.set_cookie(
        scope.cookie,
        value,
        max_age=max_age,
        path=scope.path,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def session_holder(request, scope, holder_for):
    value = request.COOKIES.get(scope.cookie)
    if not value:
        raise Refused("no_session")
    pk, version = scope.read(value, max_age=SESSION_SECONDS, salt_suffix=".session")
    holder = holder_for(pk, version)
    if holder is None:
        raise Refused("revoked")
    return holder


def private(response):
    """Never kept by a browser's or proxy's cache, nor by ours (mkbroute.lib.cache), and
    never named in a Referer to another host."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True, no_store=True)
    # Not "no-referrer": under it a browser sends "Origin: null" with the page's own forms,
    # and Django's CSRF check refuses every action. same-origin never tells another host.
    response.headers["Referrer-Policy"] = "same-origin"
    return response


def refusal(request, scope, reason):
    status, message = REFUSALS[reason]
    context = {"message": message, "request_url": reverse(scope.request_url)}
    response = render(request, "personal_link_refused.html", context, status=status)
    return private(response)


def end_session(response, scope):
    """After erasing or leaving: the browser forgets the session at once."""
    set_session_cookie(response, scope, "", 0)
    return response


# "Mail me a new link": per address a few an hour (nobody needs more, and nobody can flood
# someone's mailbox), per network enough for a school or office behind one address.
PER_ADDRESS, PER_NETWORK = "3/h", "30/h"


class LinkRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mailadres"),
        max_length=254,
        error_messages={
            "required": _("Vul het e-mailadres in waarop u of je onze mails krijgt."),
            "invalid": _(
                "Dit is geen e-mailadres. Een e-mailadres ziet eruit als naam@voorbeeld.nl."
            ),
        },
    )


def link_request(request, scope, send, template, context=None):
    """The page that mails a new link. send(email) queues the mail when the address is
    someone's; the answer is the same whether it is or not, so the page tells nobody who is
    known. Over the limit for the address no mail goes (the answer stays the same); over the
    limit for the network the visitor is told to wait."""
    form = LinkRequestForm(request.POST if request.method == "POST" else None)
    sent = False
    if form.is_bound and form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        network_ok, address_ok = count_request(request, scope, email)
        if not network_ok:
            return error_page(request, 429, message=TOO_MANY)
        if address_ok:
            send(email)
        sent = True
    context = {**(context or {}), "form": form, "sent": sent}
    return private(render(request, template, context))


TOO_MANY = _(
    "Vanaf dit netwerk zijn in korte tijd veel links aangevraagd. Probeer het over een uur opnieuw."
)


def count_request(request, scope, email=None):
    """(network within its limit, address within its limit), counted at once. Without an
    address only the network counts (a request that mails nobody is still a request)."""
    kind = f"link-rate:{scope.name}"
    limits = [counter(kind, network(client_ip(request)), PER_NETWORK)]
    if email is not None:
        limits.append(address_counter(kind, email, PER_ADDRESS))
    counts = tally.add([(key, 1, window) for key, _limit, window in limits])
    network_ok, *address_ok = (
        n <= limit for n, (_key, limit, _window) in zip(counts, limits, strict=True)
    )
    return network_ok, all(address_ok)
