"""One Dutch error page for every status: the words differ per status, the page is the same."""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .context_processors import nav, school

TO_HOME = ("home", _("Naar de startpagina"))

# status: (heading, what happened, what to do, links as (url name, text))
ERRORS = {
    400: (
        _("Ongeldig verzoek"),
        _(
            "Dit adres of verzoek kunnen we niet verwerken. Controleer de link, of begin "
            "opnieuw op de startpagina."
        ),
        "",
        [TO_HOME],
    ),
    403: (
        _("Geen toegang"),
        _("Deze pagina is afgeschermd, of de link is niet meer geldig."),
        "",
        [TO_HOME],
    ),
    "csrf": (
        _("Formulier niet verstuurd"),
        _(
            "Het formulier kon niet veilig worden verstuurd. Dat gebeurt als cookies uit staan "
            "of als de pagina lang open stond."
        ),
        _("Ga terug, laad de pagina opnieuw en verstuur het formulier nog een keer."),
        [("leads:interest", _("Naar het formulier"))],
    ),
    404: (
        _("Pagina niet gevonden"),
        _(
            "Deze pagina bestaat niet (meer). Misschien is de link verouderd of zit er een "
            "typfout in het adres."
        ),
        "",
        [
            TO_HOME,
            ("programmes:list", _("Alle opleidingen")),
            ("personas:finder", _("De keuzehulp")),
        ],
    ),
    405: (
        _("Niet toegestaan"),
        _("Deze pagina kan op deze manier niet worden opgevraagd."),
        "",
        [TO_HOME],
    ),
    429: (_("Even geduld"), "", "", []),
    503: (
        _("Even niet beschikbaar"),
        _(
            "De site kan deze pagina nu even niet maken: we werken eraan. Probeer het over een "
            "minuut opnieuw. Een formulier dat nu werd verstuurd, is niet aangekomen: stuur "
            "het dan nog een keer."
        ),
        "",
        [TO_HOME],
    ),
    500: (
        _("Er ging iets mis"),
        _(
            "Door een fout aan onze kant kon deze pagina niet worden getoond. We zijn op de "
            "hoogte. Probeer het over een paar minuten opnieuw."
        ),
        "",
        [TO_HOME],
    ),
}


def error_page(request, kind, status=None, message="", advice="", links=None):
    """The error page for kind (a status, or "csrf"). Message, advice and links (url, text)
    replace the defaults where the caller knows more, such as a text in the visitor's tone."""
    title, default_message, default_advice, named_links = ERRORS[kind]
    # Rendered without the request's context processors: an error page must not need the
    # database, the cache or a valid Host header, since any of them may be why it is shown.
    context = {
        "school": school(),
        "nav": nav(),
        "title": title,
        "message": message or default_message,
        "advice": advice or default_advice,
        "links": links or [(reverse(name), text) for name, text in named_links],
    }
    return HttpResponse(render_to_string("error.html", context), status=status or kind)


# Seconds a client is asked to wait when the database is away: a restart or a failover.
RETRY_AFTER_SECONDS = 60


def unavailable(request):
    """The page for a database that does not answer: 503 with Retry-After, so that browsers,
    crawlers and load balancers try again instead of taking the page for broken."""
    response = error_page(request, 503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
