"""10,000 A/A experiments through the real assignment and analysis: the error rates hold."""

import random

import pytest

from mkbroute.lib import stats
from personas.assignment import draw
from results.experiments import analyse

EXPERIMENTS = 10_000
BASELINE, EFFECT = 0.3, 0.15


def run_a_a_experiment(rng, sample):
    """Visitors arrive, each draws a letter as the site draws it and converts at the same
    rate in both arms, until every arm has the planned sample: then the analysis runs."""
    letters = ["A", "B"]
    visitors, conversions = dict.fromkeys(letters, 0), dict.fromkeys(letters, 0)
    while min(visitors.values()) < sample:
        letter = draw(letters, rng)
        visitors[letter] += 1
        conversions[letter] += rng.random() < BASELINE
    arms = [(letter, visitors[letter], conversions[letter]) for letter in letters]
    return analyse(arms), [visitors[letter] for letter in letters]


@pytest.mark.slow
def test_a_a_experiments_find_a_difference_five_percent_of_the_time():
    rng = random.Random(20261129)
    sample = stats.sample_size_per_arm(BASELINE, EFFECT)
    false_positives = mismatches = 0
    for _ in range(EXPERIMENTS):
        result, visitors = run_a_a_experiment(rng, sample)
        ((_letter, comparison),) = result["comparisons"]
        false_positives += comparison.significant
        mismatches += stats.sample_ratio_mismatch(visitors)
    assert 0.04 <= false_positives / EXPERIMENTS <= 0.06
    assert mismatches / EXPERIMENTS <= 0.003, "the ratio check stays quiet on a fair draw"


def test_the_ratio_check_fires_on_a_52_48_split_of_20000_drawn_visitors():
    rng = random.Random(7)
    tilted = [draw(["A"] * 52 + ["B"] * 48, rng) for _ in range(20_000)]
    visitors = [tilted.count("A"), tilted.count("B")]
    assert stats.sample_ratio_mismatch(visitors)
