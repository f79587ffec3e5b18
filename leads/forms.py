"""The lead form, in four placements: general, on a persona, a programme or an event page."""

import hashlib
import json

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from mkbroute.lib.queries import Prepared
from mkbroute.lib.urls import split_sent
from personas import assignment
from personas.forms import TonedFormMixin
from personas.models import Persona, TargetGroup
from programmes.models import Event, Programme

from . import attribution, spam
from .fields import (
    FORGED,
    PresetField,
    ProgrammeChoiceField,
    TargetGroupChoiceField,
    pc4_of,
    start_choices,
    validate_name,
    validate_phone,
)
from .mailbox import NotAMailbox, mailbox_key
from .models import EDUCATION_CHOICES, ChannelRule, Submission

YES_NO = [("", _("Weet ik niet")), ("ja", _("Ja")), ("nee", _("Nee"))]
# Signing up for an event is what the event placement does; nobody chooses it.
INTENTS = [(value, label) for value, label in Submission.Intent.choices if value != "event"]

# The placements of the form, and the questions each leaves out.
SITUATION = ("education", "employer", "employer_is_mkb", "hours_per_week")
# Asked of everyone who may still need a werkplek (optional): to suggest places near them.
MATCHING = ("has_employer", "postcode")
LEFT_OUT = {
    "general": (),
    "programme": ("programmes",),
    "persona": ("programmes", "preferred_start"),
    "event": ("intent", "programmes", "preferred_start", *SITUATION, *MATCHING),
}

SAVE_ATTEMPTS = 3  # another request with the same form may store first: then look again
# What a form's token made before (see LeadForm.save), its SQL built once (mkbroute.lib.queries).
SENT_BEFORE = Prepared(
    lambda token: (
        Submission.objects.filter(form_token=token)
        .order_by("created_at", "pk")
        .values_list("pk", "fingerprint", "lead__email_key")
    )
)

# The groups of a preset persona, which is an active one (PresetField's, or a page's own).
PERSONA_GROUPS = Prepared(
    lambda persona: TargetGroup.objects.filter(archived=False, persona=persona)
)


class LeadForm(TonedFormMixin, spam.ProtectedForm):
    # The one-time token and the field for bots come with the ProtectedForm.

    # Hidden presets: where the form stands and what it is about. Their names are those of
    # the query string that presets the general form, such as /interesse/?opleiding=ict.
    plek = forms.ChoiceField(
        choices=[(placement, placement) for placement in LEFT_OUT],
        widget=forms.HiddenInput,
        required=False,
        error_messages={"invalid_choice": FORGED},
    )
    persona = PresetField(Persona.objects.active())
    opleiding = PresetField(Programme.objects.published())
    activiteit = PresetField(Event.objects.published().upcoming())

    first_name = forms.CharField(
        label=_("Voornaam"),
        max_length=100,
        validators=[validate_name],
        error_messages={"required": _("Vul {jouw} voornaam in.")},
    )
    last_name = forms.CharField(
        label=_("Achternaam"),
        max_length=150,
        validators=[validate_name],
        error_messages={"required": _("Vul {jouw} achternaam in.")},
    )
    email = forms.EmailField(
        label=_("E-mailadres"),
        max_length=254,
        error_messages={
            "required": _("Vul {jouw} e-mailadres in."),
            "invalid": _("Dit e-mailadres klopt niet. Bijvoorbeeld: naam@voorbeeld.nl"),
        },
    )
    phone = forms.CharField(
        label=_("Telefoonnummer"),
        required=False,
        max_length=40,
        validators=[validate_phone],
        help_text=_("Niet verplicht. Handig als {je} gebeld wilt worden."),
    )
    target_group = TargetGroupChoiceField(
        label=_("Wat past het best bij {jou}?"),
        queryset=TargetGroup.objects.active(),
        required=False,
        empty_label=_("Kies wat het best past"),
        to_field_name="slug",
    )
    intent = forms.ChoiceField(
        label=_("Waarmee kunnen we {jou} helpen?"),
        widget=forms.RadioSelect,
        choices=INTENTS,
        initial=Submission.Intent.INFORMATION,
        error_messages={"required": _("Kies waarmee we {jou} kunnen helpen.")},
    )
    programmes = ProgrammeChoiceField(
        label=_("Welke opleidingen spreken {jou} aan?"),
        required=False,
        queryset=Programme.objects.published(),
        widget=forms.CheckboxSelectMultiple,
        to_field_name="slug",
    )
    education = forms.ChoiceField(
        label=_("{Jouw} hoogste afgeronde opleiding"),
        required=False,
        choices=[("", _("Kies een opleiding")), *EDUCATION_CHOICES],
    )
    employer = forms.CharField(label=_("{Jouw} werkgever"), required=False, max_length=150)
    employer_is_mkb = forms.TypedChoiceField(
        label=_("Heeft {jouw} werkgever minder dan 250 medewerkers?"),
        required=False,
        choices=YES_NO,
        coerce=lambda value: value == "ja",
        empty_value=None,
    )
    has_employer = forms.TypedChoiceField(
        label=_("Al een baan bij een mkb-bedrijf?"),
        required=False,
        choices=YES_NO,
        coerce=lambda value: value == "ja",
        empty_value=None,
        help_text=_("Nog niet? Dan zoeken we met {jou} mee naar een werkplek."),
    )
    postcode = forms.CharField(
        label=_("{Jouw} postcode"),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "size": 8}),
        help_text=_("De vier cijfers zijn genoeg, zoals 3511. Zo vinden we werkplekken dichtbij."),
    )
    hours_per_week = forms.IntegerField(
        label=_("Uren per week dat {je} werkt of wilt werken"),
        required=False,
        min_value=0,
        max_value=60,
        error_messages={
            "max_value": _("Vul een aantal uren tot 60 in."),
            "min_value": _("Vul een aantal uren van 0 of meer in."),
            "invalid": _("Vul een heel aantal uren in, zoals 32."),
        },
    )
    preferred_start = forms.ChoiceField(label=_("{Jouw} gewenste start"), required=False)
    message = forms.CharField(
        label=_("{Jouw} vraag of bericht"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Houd {jouw} bericht korter dan 4000 tekens.")},
    )
    consent_contact = forms.BooleanField(
        label=_("Ja, neem contact met mij op over deze aanvraag."),
        error_messages={"required": _("Zonder deze toestemming kunnen we {jou} niet antwoorden.")},
    )
    consent_newsletter = forms.BooleanField(
        label=_("Ja, stuur mij de nieuwsbrief van de Mkb-route."), required=False
    )
    consent_partners = forms.BooleanField(
        label=_(
            "Ja, deel mijn naam, e-mailadres, telefoonnummer, opleiding, gewenste start en "
            "uren met mkb-bedrijven die plaats hebben voor een {lerende}."
        ),
        required=False,
    )

    PRESETS = ("persona", "opleiding", "activiteit")
    GUARDED = ("token", "plek", *PRESETS)
    # Answers a link may fill in ahead, such as those of "Kan ik starten?": query name, field.
    ANSWER_PRESETS = {
        "vraag": "intent",
        "niveau": "education",
        "uren": "hours_per_week",
        "mkb": "employer_is_mkb",
        "werkgever": "has_employer",
        "start": "preferred_start",
    }
    QUERY = ("plek", "doelgroep", *PRESETS, *ANSWER_PRESETS)  # what a link may preset
    CONTACT = ("first_name", "last_name", "email", "phone")
    ANSWERS = (*SITUATION, *MATCHING, "preferred_start", "message")

    def __init__(self, data=None, *, initial=None, tone=None):
        super().__init__(data, initial=initial, tone=tone)
        self.presets, self.placement = self.read_presets()
        if not self.is_bound:
            self.initial.update(plek=self.placement, **self.presets)
            if self.presets["opleiding"] is not None:
                self.initial["programmes"] = [self.presets["opleiding"]]

        left_out = list(LEFT_OUT[self.placement])
        persona = self.presets["persona"]
        if persona is not None:
            groups = PERSONA_GROUPS(persona.pk)
            field = self.fields["target_group"]
            field.queryset = persona.target_groups.filter(archived=False)  # answers' check
            # Its choices are these groups: listed from the queryset, they were read again.
            empty = [] if field.empty_label is None else [("", field.empty_label)]
            field.choices = [
                *empty,
                *((group.slug, field.label_from_instance(group)) for group in groups),
            ]
            # Questions about work only where the persona's groups are working people.
            if self.placement == "persona" and not all(group.is_working for group in groups):
                left_out += SITUATION
        for name in left_out:
            self.fields.pop(name, None)
        if "preferred_start" in self.fields:
            self.fields["preferred_start"].choices = start_choices()

    @classmethod
    def blank(
        cls,
        tone,
        placement="general",
        *,
        persona=None,
        target_group=None,
        programme=None,
        event=None,
    ):
        """A form to fill in (with a new one-time token) and what it is about preset.

        The presets are objects (from a page) or slugs (from a link); a slug that names
        nothing we know is left out, as is the event placement without an event.
        """
        initial = {
            "plek": placement,
            "persona": persona,
            "opleiding": programme,
            "activiteit": event,
            "target_group": target_group,
        }
        return cls(initial=initial, tone=tone)

    @classmethod
    def from_query(cls, query, tone):
        """A form preset by a link such as /interesse/?persona=student&doelgroep=havo."""
        form = cls.blank(
            tone,
            query.get("plek", "general"),
            persona=query.get("persona"),
            target_group=query.get("doelgroep"),
            programme=query.get("opleiding"),
            event=query.get("activiteit"),
        )
        for param, name in cls.ANSWER_PRESETS.items():
            value = query.get(param)
            if value and name in form.fields:
                try:
                    form.fields[name].clean(value)
                except ValidationError:
                    continue  # a preset that is no answer is left out, not shown as one
                form.initial[name] = value
        return form

    def took_query(self, query):
        """Whether every preset in a link's query named something this form took, as the
        site's own links do: only then is the page kept in the cache under that query."""
        for name in self.QUERY:
            value = query.get(name)
            if value is None:
                continue
            if name == "plek":
                taken = value == self.placement
            elif name == "doelgroep":
                taken = self.fields["target_group"].queryset.filter(slug=value).exists()
            elif name in self.PRESETS:
                taken = self.presets[name] is not None
            else:
                taken = self.initial.get(self.ANSWER_PRESETS[name]) == value
            if not taken:
                return False
        return True

    def read_presets(self):
        """The presets as objects (None where a value names nothing), and the placement.

        Read before validation, because they decide which questions the form asks.
        """
        source = self.data if self.is_bound else self.initial
        presets = {name: self.fields[name].find(source.get(name)) for name in self.PRESETS}
        placement = source.get("plek") or "general"
        unknown = placement not in LEFT_OUT
        if unknown or (placement == "event" and presets["activiteit"] is None):
            placement = "general"
        return presets, placement

    @property
    def situation_fields(self):
        return [self[name] for name in SITUATION if name in self.fields]

    @property
    def matching_fields(self):
        return [self[name] for name in MATCHING if name in self.fields]

    @property
    def consent_fields(self):
        return [self[name] for name in self.fields if name.startswith("consent_")]

    def clean_email(self):
        email = self.cleaned_data["email"]
        try:
            mailbox_key(email)
        except NotAMailbox:
            message = self.fields["email"].error_messages["invalid"]
            raise ValidationError(message, code="invalid") from None
        return email

    def clean_postcode(self):
        return pc4_of(self.cleaned_data["postcode"])

    def clean(self):
        # A preset that names nothing we know: forged, or an event that ended meanwhile.
        if (self.cleaned_data.get("plek") or "general") != self.placement:
            self.add_error("plek", ValidationError(FORGED, code="invalid_choice"))
        if any(self.has_error(name) for name in ("plek", *self.PRESETS)):
            self.refuse("forged hidden field")
        return super().clean()

    def refuse(self, reason):
        """As any protected form, and the form shown again keeps only the presets it could
        read, so that it can be sent."""
        super().refuse(reason)
        self.data["plek"] = self.placement
        for name, preset in self.presets.items():
            self.data[name] = preset.slug if preset is not None else ""

    def save(self, request):
        """Store the submit and return (submission, created), or None when the form's token
        already made a submission for someone else (the error is on the form): one form, one
        person (Submission's one_person_per_form).

        The same form sent again unchanged (a double click, a resend, or twice at the very
        same moment) gets the submission it made before, with created False. Sent again with
        other answers for the same person, it is stored as a correction of the first. Raises
        EventFull if the event has no seat left.
        """
        token_id, fingerprint = self.cleaned_data["token"], self.fingerprint()
        mailbox = mailbox_key(self.cleaned_data["email"])
        for attempt in range(SAVE_ATTEMPTS):  # again when a request with this form was faster
            # One small query for all questions: nearly always no rows, at most a few.
            earlier = SENT_BEFORE(token_id)
            same = next((pk for pk, sent, _mailbox in earlier if sent == fingerprint), None)
            if same is not None:
                return Submission.objects.get(pk=same), False
            if earlier and earlier[0][2] != mailbox:
                self.refuse_used_token()
                return None
            corrects = earlier[0][0] if earlier else None
            try:
                return self.record(request, token_id, fingerprint, corrects=corrects), True
            except IntegrityError:
                if attempt == SAVE_ATTEMPTS - 1:
                    raise

    def fingerprint(self):
        """A digest of the answers, to tell the same form sent twice from a corrected one."""
        answers = {
            name: sorted(map(str, value)) if isinstance(value, list | QuerySet) else str(value)
            for name, value in self.cleaned_data.items()
            if name != "token"
        }
        text = json.dumps(answers, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()

    def record(self, request, token_id, fingerprint, corrects=None):
        """A new Submission of the answers, with the page, tone and campaign they came from;
        corrects is the id of the submission of the same form that this one corrects."""
        data = self.cleaned_data
        group = data.get("target_group")
        event = data["activiteit"]
        programmes = list(data.get("programmes") or [])
        if data["opleiding"] is not None and data["opleiding"] not in programmes:
            programmes.append(data["opleiding"])
        tracked = attribution.for_submission(request)
        source = tracked["utm_source"] or tracked["first_utm_source"]
        medium = tracked["utm_medium"] or tracked["first_utm_medium"]
        answers = {name: data[name] for name in self.ANSWERS if data.get(name) not in (None, "")}
        # The mail speaks as the thank-you page does: in the chosen group's tone, else in the
        # visitor's (None: the built-in neutral tone).
        visitor_tone = request.tone if request.tone.pk else None
        persona = data["persona"] or (group.persona if group else None)
        experiment, variant = assignment.variant_of(request, persona)
        details = {
            "target_group": group,
            "persona": persona,
            "experiment_id": experiment,
            "variant": variant,
            "tone": group.active_tone if group else visitor_tone,
            "intent": Submission.Intent.EVENT if event else data.get("intent", "information"),
            "event": event,
            "page_path": split_sent(request.META.get("HTTP_REFERER", "")).path[:500],
            "channel": ChannelRule.channel_for(source, medium),
            "corrects_id": corrects,
            **tracked,
            **answers,
        }
        contact = {name: data[name] for name in self.CONTACT}
        return Submission.record(
            contact, details, programmes, self.consents(), token_id, fingerprint
        )

    def consents(self):
        """{purpose: given} for each consent the form asks."""
        data = self.cleaned_data
        return {
            "contact": data["consent_contact"],
            "newsletter": data["consent_newsletter"],
            "partners": data["consent_partners"],
        }
