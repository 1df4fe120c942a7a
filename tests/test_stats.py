"""Statistics against independent computations: statsmodels, numpy, hand counts."""

import math

import numpy as np
import pandas as pd
import pytest
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
    assert (weights * n).sum() == pytest.approx(200)          # mean weight 1
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
