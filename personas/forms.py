"""The route finder's questions, and a base for forms that speak in the visitor's tone."""

from django import forms
from django.utils.translation import gettext_lazy as _

from programmes.models import Education

from . import placeholders


class TonedFormMixin:
    """Fills placeholders such as {jouw} in labels, help texts, choices and error messages."""

    def __init__(self, *args, tone=None, **kwargs):
        super().__init__(*args, **kwargs)
        words = tone.words() if tone is not None else {}
        for field in self.fields.values():
            field.label = placeholders.fill(str(field.label or ""), words) or None
            field.help_text = placeholders.fill(str(field.help_text), words)
            field.error_messages = {
                code: placeholders.fill(str(message), words)
                for code, message in field.error_messages.items()
            }
            if hasattr(field, "choices") and not hasattr(field, "queryset"):
                field.choices = [
                    (value, placeholders.fill(str(label), words)) for value, label in field.choices
                ]


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
