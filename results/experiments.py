"""Judging an experiment on a persona page: the planned sample, the review, the honest result.

The experiment and its variants are the personas app's (what a visitor sees); judging them
needs the visits counted by the funnel and the leads sent from the page, both of this app.
A conversion is a lead sent from the persona page, counted from the stored submissions
(leads records the variant with each), one per person.
"""

import math

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leads.models import Submission
from mkbroute.lib import stats
from personas.experiments import Experiment

from . import funnel_report

HISTORY_DAYS = 90
# An experiment that needs longer than this measures a page that will have changed meanwhile.
MAX_DAYS = 365
MIN_VISITORS_FOR_RATIO_CHECK = 100


def plan(experiment):
    """Work out the visitors each variant needs, and how many days that takes."""
    experiment.sample_per_arm = experiment.expected_days = None
    if experiment.baseline is None or not experiment.effect:
        return
    try:
        baseline, effect = float(experiment.baseline) / 100, float(experiment.effect) / 100
        experiment.sample_per_arm = stats.sample_size_per_arm(
            baseline, effect, alpha=experiment.alpha
        )
    except ValueError:
        return
    per_day = visits_per_day(experiment)
    if per_day:
        arms = max(len(experiment.letters()), 2)
        experiment.expected_days = math.ceil(experiment.sample_per_arm * arms / per_day)


def visits_per_day(experiment):
    """The persona page's visits per day over the last HISTORY_DAYS days."""
    if not experiment.persona_id:
        return 0
    path = experiment.persona.get_absolute_url()
    return funnel_report.visits_per_day(path, HISTORY_DAYS)


def start(experiment):
    """Start showing the variants; refused, with the reason, while the plan is missing."""
    if experiment.status != Experiment.Status.DRAFT:
        raise ValidationError(_("Alleen een experiment in voorbereiding kan starten."))
    if len(experiment.letters()) < 2:
        raise ValidationError(_("Een experiment heeft twee of drie varianten nodig."))
    plan(experiment)
    if not experiment.sample_per_arm:
        raise ValidationError(
            _(
                "Vul de huidige conversie en het kleinste verschil dat telt in: zonder "
                "steekproefgrootte kan een experiment niet starten."
            ),
            code="no_sample_size",
        )
    if experiment.expected_days and experiment.expected_days > MAX_DAYS:
        raise ValidationError(
            _(
                "Dit experiment zou ongeveer %(days)s dagen duren bij de bezoeken van de laatste "
                "90 dagen: langer dan een jaar, en dan is de pagina of het publiek allang "
                "veranderd. Kies een groter verschil dat telt of een pagina met meer bezoek."
            ),
            code="too_long",
            params={"days": experiment.expected_days},
        )
    if experiment.persona.experiments.filter(status=Experiment.Status.RUNNING).exists():
        raise ValidationError(_("Op deze persona loopt al een experiment."))
    experiment.status, experiment.started_at = Experiment.Status.RUNNING, timezone.now()
    experiment.save()


def arms(experiment):
    """[(letter, visitors, conversions)] per variant, in letter order."""
    leads = Submission.objects.filter(
        experiment=experiment, page_path=experiment.persona.get_absolute_url()
    )
    conversions = dict(
        leads.order_by().values_list("variant").annotate(Count("lead", distinct=True))
    )
    return [
        (variant.letter, variant.visitors, conversions.get(variant.letter, 0))
        for variant in experiment.variants.all()
    ]


def sample_reached(experiment, counted=None):
    counted = arms(experiment) if counted is None else counted
    planned = experiment.sample_per_arm
    return bool(planned) and all(n >= planned for _letter, n, _conversions in counted)


def review(experiment):
    """While running: stop on a sample-ratio mismatch, finish at the planned sample."""
    if not experiment.is_running:
        return
    counted = arms(experiment)
    visitors = [n for _letter, n, _conversions in counted]
    impossible = [letter for letter, n, conversions in counted if conversions > n]
    if impossible:
        experiment.end(Experiment.Status.STOPPED, str(count_warning(impossible)))
    elif sum(visitors) >= MIN_VISITORS_FOR_RATIO_CHECK and stats.sample_ratio_mismatch(visitors):
        experiment.end(Experiment.Status.STOPPED, str(ratio_warning(visitors)))
    elif sample_reached(experiment, counted):
        experiment.end(Experiment.Status.FINISHED)


def result(experiment):
    """The comparisons with A, and the outcome; None before the planned sample."""
    counted = arms(experiment)
    stopped = experiment.status == Experiment.Status.STOPPED
    if stopped or not sample_reached(experiment, counted):
        return None
    return analyse(counted, experiment.alpha)


def apply_winner(experiment):
    """Copy the winning variant's copy onto the persona; the letter, or None."""
    outcome = result(experiment)
    if not outcome or not outcome["winner"]:
        return None
    variant = experiment.variants.get(letter=outcome["winner"])
    variant.copy_onto(experiment.persona)
    experiment.persona.save()
    experiment.applied = variant.letter
    experiment.save(update_fields=["applied"])
    return variant.letter


def review_running():
    """Review every running experiment: a mismatch stops it; the planned sample ends it."""
    for experiment in Experiment.objects.filter(status=Experiment.Status.RUNNING):
        review(experiment)


def count_warning(letters):
    return _(
        "Variant %(letters)s heeft meer leads dan bezoekers: leads zijn meegeteld voor een "
        "variant die hun afzender niet te zien kreeg. Het experiment is gestopt; de uitkomst "
        "is niet te vertrouwen."
    ) % {"letters": ", ".join(letters)}


def ratio_warning(visitors):
    split = " / ".join(str(n) for n in visitors)
    return _(
        "De verdeling van de bezoekers over de varianten (%(split)s) wijkt zo sterk af van "
        "toeval dat de toewijzing niet klopt (p < 0,001). Het experiment is gestopt; de "
        "uitkomst is niet te vertrouwen."
    ) % {"split": split}


def analyse(counted, alpha=stats.ALPHA):
    """Each variant against A (the first arm) by a two-proportion test; the winner is the best
    variant that is better than A beyond doubt, else there is none."""
    (_control, control_n, control_x), *others = counted
    comparisons = []
    for letter, visitors, conversions in others:
        comparison = stats.compare(control_x, control_n, conversions, visitors, alpha=alpha)
        comparisons.append((letter, comparison))
    better = [(c.difference, letter) for letter, c in comparisons if c.significant and c.low > 0]
    return {"comparisons": comparisons, "winner": max(better)[1] if better else None}
