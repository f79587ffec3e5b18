"""The lead form to fill in, made once per content version for every tone and visitor.

Each page rendered anew (the first visit after an edit, in a new tone, in an experiment's new
variant) shows a blank lead form, and building its HTML cost more than the rest of the page.
What it shows depends on the content (programmes, groups, start months: the content version
and the day) and on what it is about (placement, presets), and then only on the tone's words
and the visitor's tokens. So it is rendered once with marks for the words and holes for the
tokens, and each visitor gets a copy with their tone's words and their own tokens.

After an edit the form is built again, but most edits change nothing it shows: its HTML is
kept by what the form holds too (made_from), and rendered again only when that differs.
"""

import hashlib
import threading

from django.forms.widgets import ChoiceWidget
from django.template.loader import get_template
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from mkbroute.lib import cache, placeholders, tone_text
from mkbroute.lib.content import keeping, kept_per_version

TEMPLATE = "leads/includes/form.html"
CSRF_HOLE = "csrf"  # any value: punch() takes it out again


def render(request, form):
    """The HTML of an unbound form, in the visitor's tone and with their own tokens."""
    if not keeping():  # made for this visitor alone: in their tone straight away
        context = {"form": form, "message": "", "next_event": None}
        return get_template(TEMPLATE).render(context, request)
    initial = {name: value for name, value in form.initial.items() if name != "token"}
    about = ("form", form.placement, list(form.fields), slugs(sorted(initial.items())))
    return kept(request, about, lambda tone: type(form)(initial=initial, tone=tone))


# What the blank form of a page is made from, by its placement: the page's own persona or
# programme shows in it by its slug only (in the key), so an edit of it (or of anything else
# of the catalogue) keeps it. The groups it asks about (a persona's, or those of
# every active persona), the marks of the tones' words, the start months.
MADE_FROM = ("personas.targetgroup", "personas.toneword")
PAGE_FORM_MODELS = {
    "persona": MADE_FROM,
    "programme": (*MADE_FROM, "personas.persona", "programmes.intake"),
}


def render_preset(request, form_class, placement, **presets):
    """render() for the blank form of a page that presets it with objects of its own (its
    persona, programme): built only where its HTML is made, since what the form asks
    follows from the presets and the content."""
    if not keeping():
        return render(request, form_class.blank(request.tone, placement, **presets))
    about = ("page", placement, slugs(sorted(presets.items())))
    build = lambda tone: form_class.blank(tone, placement, **presets)  # noqa: E731
    return kept(request, about, build, PAGE_FORM_MODELS.get(placement, ()))


def kept(request, about, build, models=()):
    """The form build(tone) makes, made once for what `about` names (besides the content,
    or the models named, the day and the language), then given the visitor's tone words
    and tokens."""
    digest = hashlib.sha256(repr(about).encode()).hexdigest()
    key = f"lead-form:{timezone.localdate():%Y%m%d}:{get_language()}:{digest}"
    made = kept_per_version(key, lambda: make(build), models=models)
    words = request.tone.words()
    return mark_safe(cache.fill(request, placeholders.fill_marked(made, words)))  # noqa: S308


def slugs(value):
    """Presets as slugs, whether a page gave objects or a link slugs; lists and pairs too."""
    if isinstance(value, list | tuple):
        return [slugs(item) for item in value]
    return getattr(value, "slug", value)


def make(build):
    """The form's HTML with marks for the tone's words and holes for the tokens."""
    tone = tone_text.MarkedTone()
    form = build(tone)
    digest = made_from(form, tone)
    with _made_lock:
        html = _made.get(digest)
    if html is None:
        context = {
            "form": form,
            "message": "",
            "next_event": None,
            "csrf_token": CSRF_HOLE,
            **tone.marks,
        }
        html = cache.punch(get_template(TEMPLATE).render(context))
        with _made_lock:  # a gunicorn worker's threads share it
            if len(_made) >= MADE_FORMS:
                _made.pop(next(iter(_made)))
            _made[digest] = html
    return html


# {made_from(form): its HTML}: the same form makes the same HTML, whatever the version.
_made = {}
_made_lock = threading.Lock()
MADE_FORMS = 100


def made_from(form, tone):
    """A digest of everything the form's template shows of this form: each field with its
    kind, widget, texts, choices and value (not the tokens, which are holes), what the form is
    about, and the language, address prefix and marks the template adds."""
    tokens = cache.per_visitor_fields()
    fields = []
    for name, field in form.fields.items():
        widget = field.widget
        # The value as given too: a checkbox's format_value() is None, ticked or not.
        given = form[name].value()
        value = None if name in tokens else (repr(given), widget.format_value(given))
        # Of a preset's hidden field the value shows, not the choices (all events, say).
        shown = isinstance(widget, ChoiceWidget)
        choices = [(str(v), str(label)) for v, label in field.choices] if shown else None
        fields.append(
            (
                *(name, type(field).__name__, type(widget).__name__, widget.attrs),
                *(str(field.label), str(field.help_text), field.required, field.disabled),
                choices,
                value,
            )
        )
    about = (type(form).__qualname__, form.placement, form.prefix, form.auto_id)
    language = (get_language(), get_script_prefix(), sorted(tone.marks.items()))
    return hashlib.sha256(repr((about, language, fields)).encode()).hexdigest()
