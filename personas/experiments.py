"""Experiments on a persona page's copy: variants, the planned sample, and the honest result.

Visitors are assigned at random (not balanced: see assignment.py) and counted per variant
when they are assigned; a conversion is a lead sent from the persona page, counted from the
stored submissions (leads records the variant with each), one per person.
"""

import math

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mkbroute.lib import stats, tone_text

LETTERS = ("A", "B", "C")
COPY_FIELDS = ("title", "lead", "cta_button")  # headline, intro, call to action
HISTORY_DAYS = 90
MIN_VISITORS_FOR_RATIO_CHECK = 100

# visits_per_day(path, days) -> float, given by the app that counts visits (leads), so that
# the admin can tell how long an experiment will take; None: nobody counts visits.
_visits_per_day = None


def count_visits_with(function):
    global _visits_per_day
    _visits_per_day = function


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

    def plan(self):
        """Work out the visitors each variant needs, and how many days that takes."""
        self.sample_per_arm = self.expected_days = None
        if self.baseline is None or not self.effect:
            return
        try:
            baseline, effect = float(self.baseline) / 100, float(self.effect) / 100
            self.sample_per_arm = stats.sample_size_per_arm(baseline, effect, alpha=self.alpha)
        except ValueError:
            return
        per_day = self.visits_per_day()
        if per_day:
            arms = max(len(self.letters()), 2)
            self.expected_days = math.ceil(self.sample_per_arm * arms / per_day)

    def visits_per_day(self):
        if _visits_per_day is None or not self.persona_id:
            return 0
        return _visits_per_day(self.persona.get_absolute_url(), HISTORY_DAYS)

    def start(self):
        """Start showing the variants; refused, with the reason, while the plan is missing."""
        if self.status != self.Status.DRAFT:
            raise ValidationError(_("Alleen een experiment in voorbereiding kan starten."))
        if len(self.letters()) < 2:
            raise ValidationError(_("Een experiment heeft twee of drie varianten nodig."))
        self.plan()
        if not self.sample_per_arm:
            raise ValidationError(
                _(
                    "Vul de huidige conversie en het kleinste verschil dat telt in: zonder "
                    "steekproefgrootte kan een experiment niet starten."
                ),
                code="no_sample_size",
            )
        if self.persona.experiments.filter(status=self.Status.RUNNING).exists():
            raise ValidationError(_("Op deze persona loopt al een experiment."))
        self.status, self.started_at = self.Status.RUNNING, timezone.now()
        self.save()

    def end(self, status, reason=""):
        self.status, self.ended_at, self.stop_reason = status, timezone.now(), reason
        self.save()

    def arms(self):
        """[(letter, visitors, conversions)] per variant, in letter order."""
        conversions = dict(
            self.submissions.filter(page_path=self.persona.get_absolute_url())
            .order_by()
            .values_list("variant")
            .annotate(Count("lead", distinct=True))
        )
        return [(v.letter, v.visitors, conversions.get(v.letter, 0)) for v in self.variants.all()]

    def sample_reached(self, arms=None):
        arms = self.arms() if arms is None else arms
        return bool(self.sample_per_arm) and all(n >= self.sample_per_arm for _l, n, _c in arms)

    def review(self):
        """While running: stop on a sample-ratio mismatch, finish at the planned sample."""
        if not self.is_running:
            return
        arms = self.arms()
        visitors = [n for _letter, n, _conversions in arms]
        if sum(visitors) >= MIN_VISITORS_FOR_RATIO_CHECK and stats.sample_ratio_mismatch(visitors):
            self.end(self.Status.STOPPED, str(ratio_warning(visitors)))
        elif self.sample_reached(arms):
            self.end(self.Status.FINISHED)

    def result(self):
        """The comparisons with A, and the outcome; None before the planned sample."""
        arms = self.arms()
        if self.status == self.Status.STOPPED or not self.sample_reached(arms):
            return None
        return analyse(arms, self.alpha)

    def apply_winner(self):
        """Copy the winning variant's copy onto the persona; the letter, or None."""
        result = self.result()
        if not result or not result["winner"]:
            return None
        variant = self.variants.get(letter=result["winner"])
        variant.copy_onto(self.persona)
        self.persona.save()
        self.applied = variant.letter
        self.save(update_fields=["applied"])
        return variant.letter


def ratio_warning(visitors):
    split = " / ".join(str(n) for n in visitors)
    return _(
        "De verdeling van de bezoekers over de varianten (%(split)s) wijkt zo sterk af van "
        "toeval dat de toewijzing niet klopt (p < 0,001). Het experiment is gestopt; de "
        "uitkomst is niet te vertrouwen."
    ) % {"split": split}


def analyse(arms, alpha=stats.ALPHA):
    """Each variant against A (the first arm) by a two-proportion test; the winner is the best
    variant that is better than A beyond doubt, else there is none."""
    (_control, control_n, control_x), *others = arms
    comparisons = []
    for letter, visitors, conversions in others:
        comparison = stats.compare(control_x, control_n, conversions, visitors, alpha=alpha)
        comparisons.append((letter, comparison))
    better = [(c.difference, letter) for letter, c in comparisons if c.significant and c.low > 0]
    return {"comparisons": comparisons, "winner": max(better)[1] if better else None}


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
