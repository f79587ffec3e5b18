"""Tones, target groups, personas with their benefits and stories, channels and the matrix."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from mkbroute.lib import placeholders, tone_text
from mkbroute.lib.images import PictureField

from . import finder_rules

# Sentences are written so that only these words change between je and u: "je werkt" and
# "u werkt" share a verb form; inversions such as "werk je" are avoided in our copy.
PRONOUNS = {
    "je": {"je": "je", "jij": "jij", "jou": "jou", "jouw": "jouw", "jezelf": "jezelf"},
    "u": {"je": "u", "jij": "u", "jou": "u", "jouw": "uw", "jezelf": "uzelf"},
}
BUILT_IN_KEYS = ("lerende", "lerenden", *PRONOUNS["je"])
# The route finder's outcomes (finder_rules.KEYS) as staff choose them for a target group.
FINDER_OUTCOMES = {
    finder_rules.MBO4: _("mbo-4 (ook bbl)"),
    finder_rules.HAVO: _("havo"),
    finder_rules.VWO: _("vwo"),
    finder_rules.HBO_DROPOUT: _("voltijd hbo-student die twijfelt"),
    finder_rules.EMPLOYEE_STEP_UP: _("werkende die de stap naar het hbo zet"),
    finder_rules.EMPLOYEE_VERZILVEREN: _("werkende op hbo-niveau zonder diploma (verzilveren)"),
    finder_rules.CAREER_SWITCHER: _("zij-instromer die een nieuw vak leert"),
}


class ToneQuerySet(models.QuerySet):
    def with_words(self):
        return self.prefetch_related("vocabulary")

    def default(self):
        """The tone for visitors we know nothing about yet; a neutral one if none is set up."""
        tone = self.with_words().order_by("-is_default", "pk").first()
        return tone or Tone.neutral()


class Tone(models.Model):
    """How the site speaks to a group: its word for the learner, je or u, and other words."""

    class Address(models.TextChoices):
        JE = "je", _("je (informeel)")
        U = "u", _("u (formeel)")

    name = models.CharField(_("naam"), max_length=60, unique=True)
    slug = models.SlugField(
        _("code"), unique=True, help_text=_("Kleine letters; zo onthoudt de site de toon.")
    )
    learner = models.CharField(
        _("woord voor de lerende"), max_length=60, help_text=_("Bijvoorbeeld: student")
    )
    learners = models.CharField(
        _("meervoud"), max_length=60, help_text=_("Bijvoorbeeld: studenten")
    )
    address = models.CharField(
        _("aanspreekvorm"), max_length=2, choices=Address.choices, default=Address.JE
    )
    is_default = models.BooleanField(
        _("standaardtoon"),
        default=False,
        help_text=_("Voor bezoekers van wie we nog niet weten wie ze zijn. Kies er één."),
    )

    objects = ToneQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("toon")
        verbose_name_plural = _("tonen")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if self.is_default:
            Tone.objects.exclude(pk=self.pk).filter(is_default=True).update(is_default=False)

    @staticmethod
    def neutral():
        """The tone of a site that has none set up yet."""
        return Tone(name="Neutraal", slug="neutraal", learner="deelnemer", learners="deelnemers")

    def default_order(self):
        """Sorts the default tone first, as ToneQuerySet.default() picks it."""
        return (not self.is_default, self.pk)

    def words(self):
        """Every placeholder this tone fills, lower case; capitals are derived when filling."""
        words = {word.key: word.value for word in self.vocabulary.all()} if self.pk else {}
        words.update(PRONOUNS[self.address], lerende=self.learner, lerenden=self.learners)
        return words

    def render(self, text):
        return placeholders.fill(text, self.words())


class ToneWord(models.Model):
    """A word that differs per tone, used in text as {key}: studie/opleiding, studeren/leren."""

    tone = models.ForeignKey(Tone, on_delete=models.CASCADE, related_name="vocabulary")
    key = models.SlugField(
        _("plaatshouder"),
        max_length=40,
        help_text=_("Kleine letters, zonder accolades. In tekst: {studie} of {Studie}."),
    )
    value = models.CharField(_("woord in deze toon"), max_length=80)

    class Meta:
        ordering = ["key"]
        constraints = [models.UniqueConstraint(fields=["tone", "key"], name="unique_word_per_tone")]
        verbose_name = _("woord")
        verbose_name_plural = _("woordenschat")

    def __str__(self):
        return f"{{{self.key}}} = {self.value}"

    def clean(self):
        if self.key in BUILT_IN_KEYS:
            raise ValidationError(
                {"key": _("{%(key)s} vult de toon al zelf in.") % {"key": self.key}}
            )


def known_placeholders():
    return {*BUILT_IN_KEYS, *ToneWord.objects.values_list("key", flat=True).distinct()}


# Older migrations name the validator by this path.
validate_placeholders = tone_text.validate_placeholders


def archived_field(effect):
    """Retired without deleting it: the submissions that refer to it keep doing so."""
    kept = _(
        "Bewaard voor de inzendingen die ernaar verwijzen: archiveer in plaats van te verwijderen."
    )
    return models.BooleanField(
        _("gearchiveerd"), default=False, help_text=format_lazy("{} {}", effect, kept)
    )


class PersonaQuerySet(models.QuerySet):
    def active(self):
        """The personas on the site: not archived."""
        return self.filter(archived=False)


class Persona(models.Model):
    name = models.CharField(
        _("naam"), max_length=80, help_text=_("Intern, bijvoorbeeld: de nieuwsgierige student.")
    )
    # The admin shows help texts as HTML: written out, <slug> would vanish as an unknown tag.
    slug = models.SlugField(
        _("naam in het adres"),
        unique=True,
        help_text=_("De pagina staat op /voor/&lt;naam in het adres&gt;/"),
    )
    tone = models.ForeignKey(
        Tone, on_delete=models.PROTECT, related_name="personas", verbose_name=_("toon")
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=100)

    drives = models.TextField(_("drijfveren"), blank=True)
    motivation = models.TextField(_("motivatie"), blank=True)
    wishes = models.TextField(_("wensen en behoeften"), blank=True)

    entry_label = tone_text.TonedCharField(
        _("ingang op de startpagina"),
        max_length=120,
        help_text=_("Hoe deze groep zichzelf herkent, bijvoorbeeld: Ik werk en wil verder leren."),
    )
    entry_text = tone_text.TonedCharField(
        _("toelichting bij de ingang"),
        max_length=200,
        blank=True,
    )
    title = tone_text.TonedCharField(
        _("titel"),
        max_length=120,
        help_text=_("De grote kop bovenaan de landingspagina; ook de titel in zoekmachines."),
    )
    lead = tone_text.TonedTextField(
        _("intro"),
        help_text=_("De inleiding onder de kop; ook de beschrijving in zoekmachines."),
    )
    body = tone_text.TonedTextField(
        _("wat de route voor deze groep betekent"),
        help_text=_("Markdown. Plaatshouders zoals {lerende} of {jouw} vult de toon in."),
    )
    hero_image = PictureField(
        _("hoofdafbeelding"),
        upload_to="personas/",
        blank=True,
        width_field="hero_image_width",
        height_field="hero_image_height",
    )
    hero_image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_image_alt = models.CharField(
        _("beschrijving van de afbeelding"), max_length=200, blank=True
    )
    cta_title = tone_text.TonedCharField(
        _("oproep: kop"),
        max_length=120,
        help_text=_("De kop boven het formulier onderaan de landingspagina."),
    )
    cta_text = tone_text.TonedTextField(_("oproep: tekst"), blank=True)
    cta_button = tone_text.TonedCharField(
        _("oproep: knop"),
        max_length=60,
        help_text=_("De tekst op de knop in de kop van de pagina, die naar het formulier gaat."),
    )
    programmes = models.ManyToManyField(
        "programmes.Programme",
        blank=True,
        related_name="personas",
        verbose_name=_("uitgelichte opleidingen"),
    )
    archived = archived_field(_("Niet meer op de site: de landingspagina verdwijnt."))

    objects = PersonaQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("persona")
        verbose_name_plural = _("persona's")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("personas:landing", args=[self.slug])


class TargetGroupQuerySet(models.QuerySet):
    def active(self):
        """The groups visitors can choose: neither they nor their persona are archived."""
        return self.filter(archived=False, persona__archived=False)


class TargetGroup(models.Model):
    name = models.CharField(_("naam"), max_length=120, help_text=_("Intern."))
    slug = models.SlugField(_("naam in het adres"), unique=True)
    key = models.CharField(
        _("regel in de keuzehulp"),
        max_length=30,
        choices=[(key, FINDER_OUTCOMES[key]) for key in finder_rules.KEYS],
        blank=True,
        help_text=_("Welke uitkomst van de keuzehulp bij deze doelgroep hoort."),
    )
    label = models.CharField(
        _("hoe de bezoeker zichzelf omschrijft"),
        max_length=120,
        help_text=_("In keuzelijsten, bijvoorbeeld: Ik doe nu een voltijd hbo-opleiding."),
    )
    description = models.TextField(_("omschrijving"), blank=True)
    persona = models.ForeignKey(
        Persona, on_delete=models.PROTECT, related_name="target_groups", verbose_name=_("persona")
    )
    tone = models.ForeignKey(
        Tone,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="target_groups",
        verbose_name=_("eigen toon"),
        help_text=_("Leeg: de toon van de persona."),
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=100)
    archived = archived_field(_("Niet meer te kiezen in formulieren en de keuzehulp."))

    objects = TargetGroupQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            # An archived group leaves its rule to the group that replaces it.
            models.UniqueConstraint(
                fields=["key"],
                condition=~models.Q(key="") & models.Q(archived=False),
                name="one_active_target_group_per_rule",
            )
        ]
        verbose_name = _("doelgroep")
        verbose_name_plural = _("doelgroepen")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self.persona.get_absolute_url()

    @property
    def active_tone(self):
        return self.tone or self.persona.tone

    @property
    def is_working(self):
        """Groups of people who already work, for whom questions about their job matter."""
        return self.key in (
            finder_rules.EMPLOYEE_STEP_UP,
            finder_rules.EMPLOYEE_VERZILVEREN,
            finder_rules.CAREER_SWITCHER,
        )


class Benefit(models.Model):
    text = tone_text.TonedCharField(_("tekst"), max_length=300)
    personas = models.ManyToManyField(
        Persona, related_name="benefits", blank=True, verbose_name=_("benadrukt bij")
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=100)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("voordeel")
        verbose_name_plural = _("voordelen")

    def __str__(self):
        return self.text


class StoryQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)


class Story(models.Model):
    first_name = models.CharField(_("voornaam"), max_length=60)
    age = models.PositiveSmallIntegerField(_("leeftijd"), null=True, blank=True)
    previous_situation = models.CharField(_("situatie hiervoor"), max_length=160)
    employer = models.CharField(_("werkgever"), max_length=120)
    quote = tone_text.TonedCharField(
        _("citaat"),
        max_length=300,
        help_text=_("Groot getoond op het kaartje van het verhaal, tussen aanhalingstekens."),
    )
    body = tone_text.TonedTextField(_("verhaal"), blank=True)
    photo = PictureField(
        _("foto"),
        upload_to="stories/",
        blank=True,
        width_field="photo_width",
        height_field="photo_height",
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_alt = models.CharField(_("beschrijving van de foto"), max_length=200, blank=True)
    persona = models.ForeignKey(
        Persona, on_delete=models.CASCADE, related_name="stories", verbose_name=_("persona")
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stories",
        verbose_name=_("opleiding"),
    )
    published = models.BooleanField(_("gepubliceerd"), default=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=100)

    objects = StoryQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("verhaal")
        verbose_name_plural = _("verhalen")

    def __str__(self):
        return f"{self.first_name} ({self.employer})"

    def get_absolute_url(self):
        return self.persona.get_absolute_url()


class ChannelQuerySet(models.QuerySet):
    def active(self):
        """The channels in the plan: not archived."""
        return self.filter(archived=False)


class Channel(models.Model):
    class Kind(models.TextChoices):
        WEBSITE = "website", _("Eigen website")
        SOCIAL = "social", _("Sociale media")
        EMAIL = "email", _("E-mail en nieuwsbrief")
        EVENT = "event", _("Evenement")
        SCHOOL = "school", _("Onderwijsinstelling")
        PUBLIC = "public", _("Publieke organisatie")
        BRANCH = "branch", _("Branche- of werkgeversorganisatie")
        EMPLOYER = "employer", _("Werkgever")
        ADVERTISING = "advertising", _("Advertentie")

    class Owner(models.TextChoices):
        OWN = "own", _("Eigen kanaal")
        PARTNER = "partner", _("Kanaal van een andere organisatie")

    name = models.CharField(_("naam"), max_length=120, unique=True)
    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices)
    owner = models.CharField(_("eigenaar"), max_length=8, choices=Owner.choices)
    organisation = models.CharField(
        _("organisatie"), max_length=120, blank=True, help_text=_("Bij een kanaal van een ander.")
    )
    notes = models.TextField(_("notities"), blank=True)
    archived = archived_field(_("Niet meer in de planning van de communicatiematrix."))

    objects = ChannelQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("kanaal")
        verbose_name_plural = _("kanalen")

    def __str__(self):
        return self.name


class MatrixCell(models.Model):
    """One cell of the communication matrix: how a channel reaches a target group."""

    target_group = models.ForeignKey(
        TargetGroup,
        on_delete=models.CASCADE,
        related_name="matrix_cells",
        verbose_name=_("doelgroep"),
    )
    channel = models.ForeignKey(
        Channel, on_delete=models.CASCADE, related_name="matrix_cells", verbose_name=_("kanaal")
    )
    message = models.TextField(_("boodschap"))
    timing = models.CharField(_("wanneer"), max_length=120, blank=True)
    responsible = models.CharField(_("wie is verantwoordelijk"), max_length=120, blank=True)

    class Meta:
        ordering = ["target_group__order", "channel__name"]
        constraints = [
            models.UniqueConstraint(fields=["target_group", "channel"], name="one_cell_per_pair")
        ]
        permissions = [("view_results", _("Resultaten van de communicatiematrix bekijken"))]
        verbose_name = _("cel van de communicatiematrix")
        verbose_name_plural = _("communicatiematrix")

    def __str__(self):
        return f"{self.target_group} × {self.channel}"


# The experiments on persona pages live in a module of their own; Django finds them here.
from .experiments import Experiment, Variant  # noqa: E402, F401
