"""The route finder's questions, and a base for forms that speak in the visitor's tone."""

import functools

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from mkbroute.lib import placeholders
from programmes.models import Education


class TonedFormMixin:
    """Fills placeholders such as {jouw} in labels, help texts, choices and error messages."""

    def __init__(self, *args, tone=None, **kwargs):
        super().__init__(*args, **kwargs)
        words = tone.words() if tone is not None else {}
        texts = toned_texts(type(self), tuple(sorted(words.items())), get_language())
        for name, field in self.fields.items():
            label, help_text, error_messages, choices = texts[name]
            field.label, field.help_text = label, help_text
            field.error_messages = dict(error_messages)
            if choices is not None:
                field.choices = choices


@functools.lru_cache(maxsize=256)
def toned_texts(form_class, words, language):
    """{field name: (label, help text, error messages, choices)} of a form class in a tone.

    The same for every form of that class in that tone and language, so worked out once: a
    submit would otherwise translate and fill some hundred texts it never shows.
    """
    words = dict(words)
    texts = {}
    for name, field in form_class.base_fields.items():
        choices = None
        if hasattr(field, "choices") and not hasattr(field, "queryset"):
            labels = [str(label) for _value, label in field.choices]
            filled = [placeholders.fill(label, words) for label in labels]
            # Choices without a placeholder stay as the form class has them (translated when
            # shown): setting them again on every form costs a submit more than it fills.
            if filled != labels:
                values = (value for value, _label in field.choices)
                choices = tuple(zip(values, filled, strict=True))
        texts[name] = (
            placeholders.fill(str(field.label or ""), words) or None,
            placeholders.fill(str(field.help_text), words),
            {
                code: placeholders.fill(str(text), words)
                for code, text in field.error_messages.items()
            },
            choices,
        )
    return texts


class FinderForm(TonedFormMixin, forms.Form):
    education = forms.ChoiceField(
        label=_("Wat is de hoogste opleiding die {je} hebt afgerond?"),
        widget=forms.RadioSelect,
        # The route finder is for people without a higher education diploma.
        choices=[
            (value, label) for value, label in Education.choices if value != Education.HBO_OR_HIGHER
        ],
        error_messages={"required": _("Kies {jouw} hoogste afgeronde opleiding.")},
    )
    work = forms.ChoiceField(
        label=_("Wat is {jouw} situatie op het werk?"),
        widget=forms.RadioSelect,
        choices=[
            ("mkb_job", _("Ik werk bij een mkb-bedrijf (tot 250 medewerkers)")),
            ("other_job", _("Ik werk bij een groter bedrijf of een andere organisatie")),
            ("looking", _("Ik heb (nog) geen baan")),
        ],
        error_messages={"required": _("Kies wat het beste past bij {jouw} werk.")},
    )
    goal = forms.ChoiceField(
        label=_("Wat is {jouw} doel?"),
        widget=forms.RadioSelect,
        choices=[
            ("keep_learning", _("Verder leren na mijn opleiding")),
            ("diploma_for_work", _("Een diploma voor het werk dat ik al doe")),
            ("new_profession", _("Een nieuw vak leren")),
        ],
        error_messages={"required": _("Kies {jouw} doel.")},
    )
    over_21 = forms.TypedChoiceField(
        label=_("{Jouw} leeftijd"),
        widget=forms.RadioSelect,
        choices=[("ja", _("21 jaar of ouder")), ("nee", _("Jonger dan 21"))],
        coerce=lambda value: value == "ja",
        error_messages={"required": _("Kies {jouw} leeftijd.")},
    )
