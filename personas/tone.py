"""The visitor's active tone: where it comes from, and how it sticks for the visit."""

from django.conf import settings
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.functional import SimpleLazyObject

from mkbroute.lib.content import kept_per_version

from .models import Persona, Tone

COOKIE = "toon"
CAMPAIGN_PARAMETER = "voor"
PREVIEW_PARAMETER = "bekijk_als"  # ?bekijk_als=<persona> starts a preview, an empty value ends it
PREVIEW_SESSION = "tone_preview"


def find_persona(slug):
    return Persona.objects.select_related("tone").filter(slug=slug).first() if slug else None


def tone_of(persona):
    return tone_by_slug(persona.tone.slug) if persona else None


def tone_by_slug(slug):
    """The tone with that slug (None: the default tone), or None for a slug no tone has.

    Every page needs the visitor's tone, and the tones are few: all of them are kept per
    content version with their words, read right after an edit with two queries, so that an
    edit in the admin shows at once. A slug from a cookie or a link that names no tone costs
    nothing and keeps nothing.
    """
    tones = kept_per_version("tones", _read_tones, always=True, models=TONE_MODELS)
    return tones[""] if not slug else tones.get(slug)


TONE_MODELS = ("personas.tone", "personas.toneword")


def _read_tones():
    tones = list(Tone.objects.with_words())
    by_slug = {tone.slug: tone for tone in tones}
    by_slug[""] = min(tones, key=Tone.default_order, default=None) or Tone.neutral()
    return by_slug


def set_tone(request, tone):
    """Make tone the visitor's tone from this response on, for the rest of the visit."""
    if tone is not None and not getattr(request, "tone_preview", None):
        request.tone = tone
        request.tone_changed = request.COOKIES.get(COOKIE) != tone.slug


def _slug(value):
    # A cookie or parameter is visitor input: anything odd simply means "no tone".
    return value if value and len(value) <= 50 and value.replace("-", "").isalnum() else None


class ToneMiddleware:
    """Gives request.tone: a staff preview, a campaign link, the cookie, or the default tone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.tone_preview = None  # the persona a staff member looks through
        request.tone_changed = False
        # A preview is a staff member's own view: never served from or into the cache. It
        # starts with a link and stays in the session while they browse, until they end it.
        request.page_is_private = (
            PREVIEW_PARAMETER in request.GET or PREVIEW_SESSION in request.session
        )
        if request.page_is_private:
            request.tone = self.resolve(request)  # views must know about a preview up front
        else:
            # Resolved on first use, so healthz, sitemaps and static files never query for it.
            request.tone = SimpleLazyObject(lambda: self.resolve(request))

        response = self.get_response(request)

        # Every page may read differently per tone; shared caches must keep them apart.
        patch_vary_headers(response, ["Cookie"])
        if request.tone_preview:
            add_never_cache_headers(response)
        elif request.tone_changed:
            response.set_cookie(
                COOKIE,
                request.tone.slug,
                samesite="Lax",
                httponly=True,
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response

    @staticmethod
    def preview(request):
        """The slug of the persona a staff member previews as, kept in their session."""
        if not request.user.is_staff:
            return None
        if PREVIEW_PARAMETER in request.GET:
            slug = _slug(request.GET[PREVIEW_PARAMETER])
            if slug:
                request.session[PREVIEW_SESSION] = slug
            else:
                request.session.pop(PREVIEW_SESSION, None)
            return slug
        return request.session.get(PREVIEW_SESSION)

    @classmethod
    def resolve(cls, request):
        preview = cls.preview(request) if request.page_is_private else None
        campaign = _slug(request.GET.get(CAMPAIGN_PARAMETER))
        tone = None
        if preview:
            request.tone_preview = find_persona(preview)
            tone = tone_of(request.tone_preview)
        if tone is None and campaign:
            tone = tone_of(find_persona(campaign))
            request.tone_changed = tone is not None and request.COOKIES.get(COOKIE) != tone.slug
        slug = _slug(request.COOKIES.get(COOKIE))
        if tone is None and slug:
            tone = tone_by_slug(slug)
        return tone or tone_by_slug(None)
