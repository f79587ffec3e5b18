"""Every text staff write for visitors speaks the reader's tone: placeholders such as {Jouw}
are filled on the page that shows it, and an unknown placeholder is refused on save."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from employers.models import EmployerSection, Werkplek
from mkbroute.lib.tone_text import TonedText
from personas.experiments import Variant
from personas.models import Benefit, Persona, Story
from personas.tone import COOKIE
from programmes.models import AdmissionRoute, Event, Exemption, Programme, Scheme
from tests.personas.visible import visible_text

pytestmark = pytest.mark.django_db

OUR_APPS = ("programmes", "personas", "leads", "employers")

# Text that is not prose for a visitor in a tone: names and titles (used in mails, exports,
# JSON-LD and the admin as they are), codes, what visitors and employers typed themselves,
# and notes that only staff read. Anything else must be a toned field.
NOT_TONED = {
    "programmes.Field": "names",
    "programmes.Location": "names",
    "programmes.Programme": {"name", "croho_code", "occupation", "image_alt"},
    "programmes.Event": {"title", "place"},
    "programmes.Scheme": {"name", "amount"},
    "programmes.EntranceTestRound": {"name"},
    "programmes.OtherCost": {"name"},
    "programmes.ImportRun": "records",
    "personas.Tone": "the tone's own words",
    "personas.ToneWord": "the tone's own words",
    "personas.Persona": {"name", "drives", "motivation", "wishes", "hero_image_alt"},
    "personas.TargetGroup": {"name", "label", "description"},
    "personas.Story": {"first_name", "previous_situation", "employer", "photo_alt"},
    "personas.Channel": "internal planning",
    "personas.MatrixCell": "internal planning",
    "personas.Experiment": "internal planning",
    "leads.Lead": "typed by the visitor",
    "leads.Submission": "typed by the visitor",
    "leads.Consent": "records",
    "leads.ChannelRule": "internal",
    "leads.Mail": "records",
    "leads.ExportLog": "records",
    "leads.PrivacyAudit": "records",
    "leads.PersonHistory": "records",
    "results.FunnelDay": "records",
    "employers.Employer": "typed by the employer",
    "employers.Werkplek": {"title", "place", "pc4", "province"},
    "employers.Introduction": "records",
    "employers.Reply": "records",
    "employers.EmployerHistory": "records",
    "employers.Alert": "typed by the visitor",
}

CHECK = "/kan-ik-starten/?stap=antwoord&programme=ad-ondernemen&diploma=havo&age=18&hours=0"

# Where each model's toned text is shown, for a visitor who reads "u".
SHOWN_ON = {
    Programme: lambda: (Programme.objects.published().first(), ["{url}"]),
    Event: lambda: (Event.objects.published().upcoming().first(), ["{url}"]),
    Persona: lambda: (Persona.objects.active().filter(tone__address="u").first(), ["{url}", "/"]),
    Story: lambda: (
        Story.objects.published().filter(persona__tone__address="u").first(),
        ["{persona}"],
    ),
    Benefit: lambda: (Benefit.objects.filter(personas__tone__address="u").first(), ["{persona}"]),
    Scheme: lambda: (Scheme.objects.valid().filter(audience="werkgever").first(), ["/werkgevers/"]),
    Werkplek: lambda: (Werkplek.objects.public().first(), ["{url}"]),
    EmployerSection: lambda: (
        EmployerSection.objects.filter(published=True).first(),
        ["/werkgevers/"],
    ),
    AdmissionRoute: lambda: (
        AdmissionRoute.objects.filter(programme__slug="ad-ondernemen", diploma="havo").first(),
        [CHECK],
    ),
    Exemption: lambda: (Exemption.objects.first(), [CHECK]),
}


def text_fields():
    for model in apps.get_models():
        if model._meta.app_label in OUR_APPS:
            for field in model._meta.get_fields():
                plain_text = type(field) in (models.CharField, models.TextField)
                plain_text = plain_text and not field.choices
                if isinstance(field, TonedText) or (plain_text and field.editable):
                    yield model, field


def toned_fields():
    return [(model, field) for model, field in text_fields() if isinstance(field, TonedText)]


def test_every_text_field_is_toned_or_named_as_not_prose():
    unaccounted = []
    for model, field in text_fields():
        exempt = NOT_TONED.get(model._meta.label, set())
        if (
            not isinstance(field, TonedText)
            and isinstance(exempt, set)
            and field.name not in exempt
        ):
            unaccounted.append(f"{model._meta.label}.{field.name}")
        if isinstance(field, TonedText) and isinstance(exempt, str):
            unaccounted.append(f"{model._meta.label}.{field.name} is toned in an exempt model")
    assert unaccounted == []


def test_the_toned_fields_cover_every_kind_of_admin_text():
    toned = {f"{model._meta.label}.{field.name}" for model, field in toned_fields()}
    for expected in (
        "programmes.Programme.summary",
        "programmes.Programme.body",
        "programmes.Programme.admission_requirements",
        "programmes.Programme.workplace_requirements",
        "programmes.Event.description",
        "programmes.Scheme.summary",
        "personas.Persona.lead",
        "personas.Benefit.text",
        "personas.Story.quote",
        "employers.Werkplek.description",
        "employers.EmployerSection.body",
    ):
        assert expected in toned


@pytest.mark.parametrize(
    ("model", "field"), toned_fields(), ids=lambda item: getattr(item, "name", None)
)
def test_an_unknown_placeholder_is_refused(model, field, tones):
    with pytest.raises(ValidationError) as refused:
        field.clean("Hallo {onbekend}", model())
    assert refused.value.error_list[0].code == "unknown_placeholder"
    assert "{onbekend}" in refused.value.messages[0]
    field.clean("{Jouw} {lerende} en {studie}", model())


def test_every_toned_field_is_filled_on_the_page_that_shows_it(client, demo_content):
    client.cookies[COOKIE] = "werkende-die-leert"
    # A variant's text shows only to visitors drawn into it: tests/personas/test_experiments.py
    models_with_toned_text = {model for model, _field in toned_fields()} - {Variant}
    assert models_with_toned_text == set(SHOWN_ON), "say where a new model's text is shown"
    missing = []
    for model, find in SHOWN_ON.items():
        obj, pages = find()
        fields = [field for each, field in toned_fields() if each is model]
        for field in fields:
            setattr(obj, field.name, f"{{Jouw}} merkteken-{field.name}")
        obj.save()
        if model is Benefit:
            persona = obj.personas.filter(tone__address="u").first()
        else:
            persona = getattr(obj, "persona", None)
        urls = [
            page.format(
                url=obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else "",
                persona=persona.get_absolute_url() if persona else "",
            )
            for page in pages
        ]
        text = " ".join(visible_text(client.get(url).content.decode()) for url in urls)
        for field in fields:
            if f"Uw merkteken-{field.name}" not in text:
                missing.append(f"{model._meta.label}.{field.name} on {urls}")
        assert "{Jouw}" not in text, model._meta.label
    assert missing == []
