"""Experiments on a persona page's copy: the variants a visitor may see, and their state.

Visitors are assigned at random (not balanced: see assignment.py) and counted per variant
when they are assigned. Planning, starting and judging an experiment needs the counted visits
and the leads: that is the results app's work (results/experiments.py).
"""

from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mkbroute.lib import stats, tone_text

LETTERS = ("A", "B", "C")
COPY_FIELDS = ("title", "lead", "cta_button")  # headline, intro, call to action


class Experiment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("In voorbereiding")
        RUNNING = "running", _("Loopt")
        STOPPED = "stopped", _("Gestopt")
        FINISHED = "finished", _("Afgerond")

    class Metric(models.TextChoices):
        LEAD = "lead", _("Een lead via het formulier op deze personapagina")

    persona = models.ForeignKey(
        "personas.Persona",
        on_delete=models.CASCADE,
        related_name="experiments",
        verbose_name=_("persona"),
    )
    name = models.CharField(_("naam"), max_length=120)
    hypothesis = models.TextField(_("wat we verwachten en waarom"), blank=True)
    metric = models.CharField(
        _("primaire maatstaf"), max_length=10, choices=Metric.choices, default=Metric.LEAD
    )
    baseline = models.DecimalField(
        _("huidige conversie (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Het deel van de bezoekers dat nu een lead wordt, bijvoorbeeld 3,5."),
    )
    effect = models.DecimalField(
        _("kleinste verschil dat telt (procentpunt)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Bijvoorbeeld 1: van 3,5% naar 4,5% willen we kunnen zien."),
    )
    sample_per_arm = models.PositiveIntegerField(
        _("bezoekers per variant"), null=True, blank=True, editable=False
    )
    expected_days = models.PositiveIntegerField(
        _("verwachte duur (dagen)"), null=True, blank=True, editable=False
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    started_at = models.DateTimeField(_("gestart"), null=True, blank=True, editable=False)
    ended_at = models.DateTimeField(_("beëindigd"), null=True, blank=True, editable=False)
    stop_reason = models.TextField(_("reden van stoppen"), blank=True, editable=False)
    applied = models.CharField(_("toegepaste variant"), max_length=1, blank=True, editable=False)

    class Meta:
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["persona"],
                condition=models.Q(status="running"),
                name="one_running_experiment_per_persona",
            )
        ]
        verbose_name = _("experiment")
        verbose_name_plural = _("experimenten")

    def __str__(self):
        return self.name

    @property
    def is_running(self):
        return self.status == self.Status.RUNNING

    @property
    def alpha(self):
        """Every variant is compared with A: the 5% is shared between the comparisons."""
        return stats.ALPHA / max(len(self.letters()) - 1, 1)

    def letters(self):
        return [variant.letter for variant in self.variants.all()]

    def end(self, status, reason=""):
        self.status, self.ended_at, self.stop_reason = status, timezone.now(), reason
        self.save()


class Variant(models.Model):
    """A version of the page's headline, intro and call to action; empty: the persona's own."""

    experiment = models.ForeignKey(
        Experiment, on_delete=models.CASCADE, related_name="variants", verbose_name=_("experiment")
    )
    letter = models.CharField(_("variant"), max_length=1, choices=[(x, x) for x in LETTERS])
    title = tone_text.TonedCharField(_("titel"), max_length=120, blank=True)
    lead = tone_text.TonedTextField(_("intro"), blank=True)
    cta_button = tone_text.TonedCharField(_("oproep: knop"), max_length=60, blank=True)
    visitors = models.PositiveIntegerField(_("bezoekers"), default=0, editable=False)

    class Meta:
        ordering = ["letter"]
        constraints = [
            models.UniqueConstraint(fields=["experiment", "letter"], name="one_variant_per_letter")
        ]
        verbose_name = _("variant")
        verbose_name_plural = _("varianten")

    def __str__(self):
        return f"{self.experiment} – {self.letter}"

    def copy_onto(self, persona):
        """The persona with this variant's copy where it has any (in memory only)."""
        for field in COPY_FIELDS:
            if getattr(self, field):
                setattr(persona, field, getattr(self, field))
        return persona

    @classmethod
    def count_visitor(cls, experiment_id, letter):
        """One more visitor assigned: exact, in the database, once per new visitor."""
        cls.objects.filter(experiment_id=experiment_id, letter=letter).update(
            visitors=F("visitors") + 1
        )


def with_variant(persona, letter):
    """The persona as a visitor in variant letter of its running experiment sees it."""
    if letter:
        shown = Variant.objects.filter(
            experiment__persona=persona, experiment__status=Experiment.Status.RUNNING, letter=letter
        ).first()
        if shown is not None:
            shown.copy_onto(persona)
    return persona
