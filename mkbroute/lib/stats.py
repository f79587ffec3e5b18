"""The few statistics an experiment needs: sample size, a two-proportion test, a ratio check.

Plain formulas on the standard library, so that each can be checked by hand (and is, in
tests/mkbroute/test_stats.py).
"""

import math
from dataclasses import dataclass
from statistics import NormalDist

ALPHA = 0.05  # two-sided
POWER = 0.8
SRM_ALPHA = 0.001  # a sample-ratio mismatch this unlikely means the assignment is broken

_normal = NormalDist()


def z(probability):
    return _normal.inv_cdf(probability)


def sample_size_per_arm(baseline, effect, alpha=ALPHA, power=POWER):
    """Visitors per arm to detect baseline -> baseline + effect (both as fractions) with a
    two-sided two-proportion test at alpha, with the given power."""
    if not 0 < baseline < 1 or not 0 < baseline + effect < 1 or effect == 0:
        raise ValueError("baseline and baseline + effect must lie strictly between 0 and 1")
    other = baseline + effect
    mean = (baseline + other) / 2
    spread = z(1 - alpha / 2) * math.sqrt(2 * mean * (1 - mean)) + z(power) * math.sqrt(
        baseline * (1 - baseline) + other * (1 - other)
    )
    return math.ceil(spread**2 / effect**2)


@dataclass(frozen=True)
class Comparison:
    """Variant against control: the difference in conversion with its confidence interval."""

    difference: float
    low: float
    high: float
    p_value: float

    @property
    def significant(self):
        return self.low > 0 or self.high < 0


def compare(control_conversions, control_visitors, conversions, visitors, alpha=ALPHA):
    """Two-proportion z-test of a variant against the control, with a (1 - alpha) interval.

    The test and the interval use the same (unpooled) standard error, so "significant" and
    "the interval leaves out 0" never disagree.
    """
    p_control = control_conversions / control_visitors
    p_variant = conversions / visitors
    difference = p_variant - p_control
    error = math.sqrt(
        p_control * (1 - p_control) / control_visitors + p_variant * (1 - p_variant) / visitors
    )
    if error == 0:
        return Comparison(difference, difference, difference, 1.0 if difference == 0 else 0.0)
    margin = z(1 - alpha / 2) * error
    p_value = math.erfc(abs(difference) / error / math.sqrt(2))
    return Comparison(difference, difference - margin, difference + margin, p_value)


def sample_ratio_p_value(visitors):
    """Chi-square test that visitors (per arm) came from equal chances; 2 or 3 arms."""
    total = sum(visitors)
    if total == 0:
        return 1.0
    expected = total / len(visitors)
    chi_square = sum((seen - expected) ** 2 / expected for seen in visitors)
    degrees = len(visitors) - 1
    if degrees == 1:
        return math.erfc(math.sqrt(chi_square / 2))
    if degrees == 2:
        return math.exp(-chi_square / 2)
    raise ValueError("2 or 3 arms")


def sample_ratio_mismatch(visitors):
    return sample_ratio_p_value(visitors) < SRM_ALPHA
