"""Statistics against independent computations: statsmodels, numpy, hand counts."""

import math

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats import proportion as sm_proportion
from statsmodels.stats.proportion import proportion_confint

from smq_analytics import stats


@pytest.mark.parametrize("successes, n", [(46, 100), (0, 25), (25, 25), (3, 17), (412, 1003)])
def test_wilson_matches_statsmodels(successes, n):
    low, high = stats.wilson_interval(successes, n)
    expected = proportion_confint(successes, n, alpha=0.05, method="wilson")
    assert low == pytest.approx(expected[0], abs=1e-12)
    assert high == pytest.approx(expected[1], abs=1e-12)


def test_wilson_other_level_and_arrays():
    low, high = stats.wilson_interval(np.array([10, 50]), np.array([40, 80]), confidence=0.90)
    expected = proportion_confint(np.array([10, 50]), np.array([40, 80]), alpha=0.10, method="wilson")
    assert np.allclose(low, expected[0]) and np.allclose(high, expected[1])


def test_wilson_empty_base_is_nan():
    low, high = stats.wilson_interval(0, 0)
    assert math.isnan(low) and math.isnan(high)


def test_kish_effective_n_by_hand():
    weights = [1.0, 1.0, 2.0, 4.0]
    # (1+1+2+4)^2 / (1+1+4+16) = 64 / 22
    assert stats.kish_effective_n(weights) == pytest.approx(64 / 22)
    assert stats.kish_effective_n([0.7] * 12) == pytest.approx(12)
    # the grouped form equals the expanded one
    assert stats.kish_effective_n_grouped([1.0, 2.0, 4.0], [2, 1, 1]) == pytest.approx(64 / 22)


def test_weighted_wilson_uses_kish_n():
    indicator = np.array([1, 0, 1, 1, 0, 0, 1, 0])
    weights = np.array([0.5, 1.5, 1.0, 2.0, 1.0, 0.5, 1.0, 0.5])
    share, low, high, n_eff = stats.weighted_wilson(indicator, weights)
    assert share == pytest.approx(4.5 / 8.0)
    assert n_eff == pytest.approx(64 / np.sum(weights**2))
    expected = proportion_confint(share * n_eff, n_eff, alpha=0.05, method="wilson")
    assert (low, high) == pytest.approx(expected)


def test_poststratification_weights_reproduce_attendance():
    n = pd.Series({"2024-07": 120, "2024-08": 80})
    attendance = pd.Series({"2024-07": 6000, "2024-08": 2000})
    weights = stats.poststratification_weights(n, attendance)
    assert (weights * n).sum() == pytest.approx(200)  # mean weight 1
    # weighted July share = attendance July share = 0.75
    assert weights["2024-07"] * 120 / 200 == pytest.approx(0.75)
    assert weights["2024-07"] == pytest.approx(1.25) and weights["2024-08"] == pytest.approx(0.625)


def test_poststratification_weights_are_capped_and_renormalised():
    # 5 responses stand for 10 000 visitors: the raw weight is far above 5 × the mean
    n = pd.Series({"06": 100, "07": 100, "08": 5})
    attendance = pd.Series({"06": 1000, "07": 1000, "08": 10000})
    weights = stats.poststratification_weights(n, attendance)
    assert (weights * n).sum() == pytest.approx(205)
    assert weights.max() <= stats.WEIGHT_CAP + 1e-9
    assert weights["08"] == pytest.approx(stats.WEIGHT_CAP)
    # the other two share what is left equally: (205 - 25) / 200
    assert weights["06"] == pytest.approx(0.9) and weights["07"] == pytest.approx(0.9)


def test_poststratification_floor():
    n = pd.Series({"a": 100, "b": 100})
    attendance = pd.Series({"a": 10, "b": 10000})
    weights = stats.poststratification_weights(n, attendance)
    assert weights["a"] == pytest.approx(stats.WEIGHT_FLOOR)
    assert weights["b"] == pytest.approx(1.8)
    assert (weights * n).sum() == pytest.approx(200)


def test_poststratification_needs_attendance():
    with pytest.raises(ValueError, match="fréquentation manquante pour : b"):
        stats.poststratification_weights(pd.Series({"a": 3, "b": 4}), pd.Series({"a": 10}))


def test_nps_matches_hand_count_and_score_variance():
    scores = pd.Series([10, 9, 9, 8, 7, 6, 3, 10, 0, 9, None])
    result = stats.nps(scores)
    # 10 answers: promoters 5 (10,9,9,10,9), detractors 3 (6,3,0)
    assert result.n == 10
    assert result.promoters == pytest.approx(0.5) and result.detractors == pytest.approx(0.3)
    assert result.score == pytest.approx(20.0)
    # the formula equals the variance of the per-person score (+100 / 0 / −100) over n
    per_person = np.array([100, 100, 100, 0, 0, -100, -100, 100, -100, 100], dtype=float)
    assert result.standard_error == pytest.approx(math.sqrt(per_person.var(ddof=0) / 10))
    assert result.low == pytest.approx(20.0 - 1.959963984540054 * result.standard_error)


def test_weighted_nps_uses_kish_n():
    result = stats.nps([10, 0, 8, 9], weights=[2.0, 1.0, 1.0, 0.5])
    assert result.promoters == pytest.approx(2.5 / 4.5)
    assert result.detractors == pytest.approx(1.0 / 4.5)
    assert result.effective_n == pytest.approx(4.5**2 / 6.25)


def test_nps_rejects_out_of_scale():
    with pytest.raises(ValueError):
        stats.nps([11, 5])


# --- change between two seasons ---------------------------------------------------------------------


def test_difference_test_reproduces_the_remparts_locals_change():
    # locals 23.1 % -> 18.5 %, with 1 150 effective responses each season (the n chosen to give the
    # reported z): SE = sqrt(.231 × .769 / 1150 + .185 × .815 / 1150) = 0.016899
    result = stats.difference_test(0.231, 1150, 0.185, 1150)
    assert result.difference == pytest.approx(-0.046)
    assert result.standard_error == pytest.approx(math.sqrt(0.231 * 0.769 / 1150 + 0.185 * 0.815 / 1150))
    assert result.standard_error == pytest.approx(0.016899, abs=1e-6)
    assert result.z == pytest.approx(-2.722, abs=5e-4)
    assert result.p_value == pytest.approx(0.00649, abs=1e-5)
    assert result.significant
    # the two seasons' Wilson intervals overlap, which is why the change went unnoticed
    high_2025 = stats.wilson_interval(0.185 * 1150, 1150)[1]
    low_2024 = stats.wilson_interval(0.231 * 1150, 1150)[0]
    assert low_2024 < high_2025


@pytest.mark.parametrize(
    "p1, n1, p2, n2",
    [(0.231, 1150, 0.185, 1150), (0.40, 212.5, 0.25, 180.3), (0.10, 60, 0.12, 75), (0.5, 400, 0.5, 300)],
)
def test_difference_test_matches_statsmodels_unpooled_wald(p1, n1, p2, n2):
    result = stats.difference_test(p1, n1, p2, n2)
    # statsmodels compares sample 1 − sample 2: put season 2 first to get p2 − p1
    expected = sm_proportion.test_proportions_2indep(p2 * n2, n2, p1 * n1, n1, method="wald", compare="diff")
    low, high = sm_proportion.confint_proportions_2indep(p2 * n2, n2, p1 * n1, n1, method="wald", compare="diff")
    assert result.z == pytest.approx(expected.statistic, rel=1e-10)
    assert result.p_value == pytest.approx(expected.pvalue, rel=1e-9)
    assert (result.low, result.high) == pytest.approx((low, high), rel=1e-10)
    assert result.significant == (expected.pvalue < 0.05)


def test_difference_test_small_change_and_other_level():
    result = stats.difference_test(0.10, 60, 0.12, 75)
    assert not result.significant and result.low < 0 < result.high
    # at 90 % the interval is narrower: ±1.644854 SE
    ninety = stats.difference_test(0.10, 60, 0.12, 75, confidence=0.90)
    assert ninety.high - ninety.difference == pytest.approx(1.6448536269514722 * ninety.standard_error)


def test_difference_test_degenerate_inputs():
    same = stats.difference_test(0.0, 50, 0.0, 40)
    assert same.standard_error == 0 and same.z == 0 and same.p_value == 1.0 and not same.significant
    empty = stats.difference_test(0.3, 0, 0.2, 100)
    assert math.isnan(empty.z) and math.isnan(empty.p_value) and not empty.significant


# --- coefficient of variation (ISQ quality flag) -------------------------------------------------------


@pytest.mark.parametrize(
    "p, n, cv, flag",
    [
        (0.5, 100, 0.10, "ok"),  # SE = sqrt(.25/100) = .05; CV = .05/.5
        (0.2, 100, 0.20, "caution"),  # SE = .04; CV = .04/.2
        (0.1, 100, 0.30, "unreliable"),  # SE = .03; CV = .03/.1
        (0.5, 16, 0.25, "caution"),  # exactly 25 %: still « à interpréter avec prudence »
        (0.5, 15, 1 / math.sqrt(15), "unreliable"),
        (0.9, 4, 0.15 / 0.9, "caution"),  # SE = sqrt(.09/4) = .15; CV = 16.7 %
        (0.9, 400, 0.015 / 0.9, "ok"),  # SE = .015; CV = 1.7 %
    ],
)
def test_cv_and_quality_flag_by_hand(p, n, cv, flag):
    assert stats.cv_of_share(p, n) == pytest.approx(cv)
    assert stats.quality_flag(p, n) == flag


def test_cv_boundary_fifteen_percent_and_arrays():
    # p = 0.5: CV = 1/sqrt(n); CV = 15 % at n = 1/0.0225 = 44.44
    assert stats.quality_flag(0.5, 44.5) == "ok" and stats.quality_flag(0.5, 44.4) == "caution"
    flags = stats.quality_flag(np.array([0.5, 0.2, 0.1, 0.0]), np.array([100, 100, 100, 100]))
    assert list(flags) == ["ok", "caution", "unreliable", "unreliable"]
    assert math.isnan(stats.cv_of_share(0.0, 100)) and math.isnan(stats.cv_of_share(0.3, 0))
