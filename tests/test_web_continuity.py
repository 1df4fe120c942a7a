"""The GA4/UA ratio of the web workbook (topics/web/continuity.py): the ratio of sums and its interval
checked against scipy.stats and statsmodels on the monthly log-ratios, by hand on small cases
(docs/ARCHITECTURE.md, « Topics », Web)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.weightstats import DescrStatsW

from smq_analytics.topics.web.continuity import ratio_estimate

GA4 = [820.0, 940.0, 1210.0, 1480.0, 1390.0, 1010.0, 870.0, 760.0, 700.0, 690.0, 720.0, 800.0]
UA = [1000.0, 1100.0, 1400.0, 1750.0, 1600.0, 1200.0, 1000.0, 900.0, 820.0, 800.0, 850.0, 950.0]


def test_the_ratio_is_the_ratio_of_sums():
    estimate = ratio_estimate(GA4, UA)
    assert estimate.ratio == pytest.approx(sum(GA4) / sum(UA))
    assert estimate.n == 12


def test_the_interval_is_the_t_interval_of_the_log_ratios_moved_to_the_ratio_of_sums():
    estimate = ratio_estimate(GA4, UA)
    logs = np.log(np.array(GA4) / np.array(UA))
    low, high = stats.t.interval(0.95, len(logs) - 1, loc=logs.mean(), scale=stats.sem(logs))
    ratio = sum(GA4) / sum(UA)
    assert estimate.low == pytest.approx(ratio * math.exp(low - logs.mean()))
    assert estimate.high == pytest.approx(ratio * math.exp(high - logs.mean()))
    # statsmodels agrees on the interval of the mean log-ratio
    sm_low, sm_high = DescrStatsW(logs).tconfint_mean(alpha=0.05)
    assert (sm_low, sm_high) == pytest.approx((low, high))
    assert estimate.log_mean == pytest.approx(logs.mean())
    assert estimate.log_sd == pytest.approx(logs.std(ddof=1))
    assert estimate.low < estimate.ratio < estimate.high


def test_a_constant_ratio_has_an_interval_of_zero_width_and_one_month_none():
    same = ratio_estimate([90.0, 180.0, 45.0], [100.0, 200.0, 50.0])
    assert same.ratio == pytest.approx(0.9) and same.low == pytest.approx(0.9) and same.high == pytest.approx(0.9)
    one = ratio_estimate([90.0], [100.0])
    assert (one.ratio, one.low, one.high, one.n) == (pytest.approx(0.9), None, None, 1)


def test_months_without_both_positive_values_are_left_out_and_none_without_pairs():
    estimate = ratio_estimate([100.0, 0.0, 120.0], [110.0, 90.0, 0.0])
    assert estimate.n == 1 and estimate.ratio == pytest.approx(100 / 110)
    assert ratio_estimate([], []) is None
    assert ratio_estimate([0.0], [10.0]) is None


def test_two_months_use_the_t_quantile_at_one_degree_of_freedom():
    estimate = ratio_estimate([80.0, 120.0], [100.0, 100.0])
    logs = [math.log(0.8), math.log(1.2)]
    sd = abs(logs[0] - logs[1]) / math.sqrt(2)
    half = 12.706204736174698 * sd / math.sqrt(2)  # t(0.975, 1 df), from tables
    assert estimate.high / estimate.ratio == pytest.approx(math.exp(half), rel=1e-9)
