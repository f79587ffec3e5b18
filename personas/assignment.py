"""Which variant of a running experiment a visitor sees: drawn at random, kept in a cookie.

Every new visitor draws a letter with equal chances, independently of everyone else: the
numbers per variant are left to chance, so that a broken assignment shows up as a
sample-ratio mismatch instead of being evened out. The letter is kept in a first-party
cookie that holds nothing but that letter, signed: a letter nobody drew (a cookie typed by
hand) counts as no assignment, so no lead is counted for a variant its sender never saw.
Set only while the experiment runs. Bots and browsers that send "DNT: 1" see variant A, get
no cookie and are not counted.
"""

import random

from django.conf import settings
from django.core import signing

from mkbroute.lib import visitors
from mkbroute.lib.content import kept_per_version
from mkbroute.lib.queries import Prepared

from .experiments import Experiment, Variant

COOKIE_PREFIX = "proef-"
COOKIE_DAYS = 30
PREVIEW_PARAMETER = "variant"

_random = random.SystemRandom()


def draw(letters, rng=_random):
    """A letter for a new visitor: each with the same chance, whatever others drew."""
    return rng.choice(letters)


_RUNNING = Prepared(
    lambda slug: Experiment.objects.filter(persona__slug=slug, status=Experiment.Status.RUNNING)
)
_LETTERS = Prepared(
    lambda experiment: Variant.objects.filter(experiment=experiment).values_list("letter")
)


def running(slug):
    """{"id", "letters"} of the experiment running on this persona's page, or None; kept
    until content changes (starting or ending an experiment is an edit)."""
    return kept_per_version(f"experiment:{slug}", lambda: _read_running(slug))


def _read_running(slug):
    experiment = _RUNNING.first(slug)
    if experiment is None:
        return None
    return {"id": experiment.pk, "letters": [letter for (letter,) in _LETTERS(experiment.pk)]}


def cookie_name(facts):
    return f"{COOKIE_PREFIX}{facts['id']}"


def signer(facts):
    return signing.Signer(salt=f"personas.assignment.{facts['id']}")


def kept_letter(request, facts):
    """The letter this visitor was drawn, from the cookie; None for none, or a forged one."""
    try:
        letter = signer(facts).unsign(request.COOKIES.get(cookie_name(facts), ""))
    except signing.BadSignature:
        return None
    return letter if letter in facts["letters"] else None


def assign(request, slug):
    """Set request.experiment_variant for this persona page. For a new visitor, the letter
    the response must put in the cookie, with the experiment's facts (remember() takes
    both); else None."""
    request.experiment_variant = ""
    facts = running(slug)
    if facts is None:
        return None
    letters = facts["letters"]
    if request.user.is_authenticated:  # staff are no visitors; they may look at each variant
        preview = request.GET.get(PREVIEW_PARAMETER)
        request.experiment_variant = preview if preview in letters else letters[0]
        return None
    if not visitors.countable(request):
        request.experiment_variant = letters[0]
        return None
    kept = kept_letter(request, facts)
    if kept is not None:
        request.experiment_variant = kept
        return None
    letter = draw(letters)
    Variant.count_visitor(facts["id"], letter)
    request.experiment_variant = letter
    return letter, facts


def remember(response, drawn):
    """Put a new visitor's letter in their cookie: drawn as assign() gave it, with the facts
    it was drawn from (the experiment may have stopped since, in another request)."""
    letter, facts = drawn
    response.set_cookie(
        cookie_name(facts),
        signer(facts).sign(letter),
        max_age=COOKIE_DAYS * 24 * 3600,
        samesite="Lax",
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
    )


def variant_of(request, persona):
    """(experiment id, letter) for a lead sent from this persona's page, or (None, "")."""
    facts = running(persona.slug) if persona is not None else None
    letter = kept_letter(request, facts) if facts else None
    if letter is None:
        return None, ""
    return facts["id"], letter


def page_variant(request):
    """The page cache's key part: pages of different variants never mix."""
    return getattr(request, "experiment_variant", "")
