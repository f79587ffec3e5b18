"""The statistics of experiments, against figures worked out by hand and in textbooks."""

import pytest

from mkbroute.lib import stats


def test_the_sample_size_is_the_textbook_one_for_10_to_15_percent():
    # Fleiss, Statistical Methods for Rates and Proportions: 686 per group, without the
    # continuity correction, for 10% against 15% at alpha 0.05 two-sided and power 0.8.
    assert stats.sample_size_per_arm(0.10, 0.05) == 686


def test_a_smaller_effect_or_a_stricter_alpha_needs_more_visitors():
    assert stats.sample_size_per_arm(0.10, 0.02) > stats.sample_size_per_arm(0.10, 0.05)
    strict = stats.sample_size_per_arm(0.10, 0.05, alpha=0.025)
    assert strict > stats.sample_size_per_arm(0.10, 0.05)


@pytest.mark.parametrize(("baseline", "effect"), [(0, 0.1), (0.5, 0), (0.95, 0.1)])
def test_an_impossible_plan_is_refused(baseline, effect):
    with pytest.raises(ValueError):
        stats.sample_size_per_arm(baseline, effect)


def test_the_comparison_gives_the_difference_its_interval_and_p_value():
    # 10.0% against 13.0% of 1000 each: se = sqrt(.09/1000 + .1131/1000) = 0.014251...
    result = stats.compare(100, 1000, 130, 1000)
    assert result.difference == pytest.approx(0.03)
    assert (result.low, result.high) == pytest.approx((0.00207, 0.05793), abs=1e-5)
    assert result.p_value == pytest.approx(0.0353, abs=1e-4)
    assert result.significant


def test_an_interval_around_zero_is_no_difference():
    result = stats.compare(100, 1000, 105, 1000)
    assert result.low < 0 < result.high and not result.significant


def test_the_mismatch_check_fires_on_a_52_48_split_of_20000_visitors():
    assert stats.sample_ratio_mismatch([10400, 9600])
    assert stats.sample_ratio_p_value([10400, 9600]) == pytest.approx(1.54e-8, rel=0.01)


def test_the_mismatch_check_leaves_chance_alone():
    assert not stats.sample_ratio_mismatch([10050, 9950])
    assert not stats.sample_ratio_mismatch([3400, 3300, 3350])
    # Three arms: chi-square 2 df, p = exp(-x/2); 3600/3200/3200 gives x = 32.
    assert stats.sample_ratio_p_value([3600, 3200, 3200]) == pytest.approx(1.125e-7, rel=0.01)
