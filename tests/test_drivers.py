"""Key-driver analysis against independent computations: statsmodels WLS R², a brute-force Shapley
value over orderings, squared correlations of orthogonal items."""

import itertools
import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from smq_analytics import drivers


def _survey(n=400, seed=3):
    """Five correlated 4-point items, an outcome driven mostly by the first two, survey weights."""
    rng = np.random.default_rng(seed)
    common = rng.normal(size=n)
    latent = np.column_stack([common + rng.normal(size=n) for _ in range(5)])
    outcome = 1.2 * latent[:, 0] + 0.8 * latent[:, 1] + 0.2 * latent[:, 4] + rng.normal(size=n) * 1.5
    frame = pd.DataFrame(np.clip(np.round(latent / 1.5 + 2.5), 1, 4), columns=[f"item{j}" for j in range(5)])
    frame["overall"] = np.clip(np.round(outcome / 2.5 + 2.5), 1, 4)
    frame["weight"] = rng.uniform(0.2, 5.0, size=n)
    return frame


def _wls_r2(frame, outcome, items, weight="weight"):
    if not items:
        return 0.0
    model = sm.WLS(frame[outcome], sm.add_constant(frame[list(items)]), weights=frame[weight])
    return float(model.fit().rsquared)


ITEMS = [f"item{j}" for j in range(5)]


def test_shapley_contributions_sum_to_the_weighted_r2_of_the_full_model():
    frame = _survey()
    result = drivers.shapley_r2(frame, "overall", ITEMS, "weight")
    expected = _wls_r2(frame, "overall", ITEMS)
    assert result.available and result.n_used == len(frame)
    assert result.r2 == pytest.approx(expected, abs=1e-10)
    assert result.table["contribution"].sum() == pytest.approx(expected, abs=1e-10)
    assert result.table["share"].sum() == pytest.approx(1.0)


def test_shapley_on_three_items_equals_the_average_over_every_entry_order():
    frame = _survey(n=250, seed=11)
    items = ["item0", "item1", "item4"]
    result = drivers.shapley_r2(frame, "overall", items, "weight")
    # brute force: average the gain in R² each item brings when it enters, over the 3! orders
    gains = dict.fromkeys(items, 0.0)
    orders = list(itertools.permutations(items))
    for order in orders:
        for position, item in enumerate(order):
            before = sorted(order[:position])
            gains[item] += _wls_r2(frame, "overall", before + [item]) - _wls_r2(frame, "overall", before)
    by_hand = {item: gain / len(orders) for item, gain in gains.items()}
    assert dict(zip(result.table["item"], result.table["contribution"])) == pytest.approx(by_hand, abs=1e-10)


def test_relative_weights_sum_to_r2_and_rank_items_as_shapley_does():
    # one dominant item, two correlated weak ones (correlation about 0.9), one weaker than the other
    rng = np.random.default_rng(5)
    n = 600
    strong = rng.normal(size=n)
    shared = rng.normal(size=n)
    weak_a = shared + 0.3 * rng.normal(size=n)
    weak_b = shared + 0.3 * rng.normal(size=n)
    frame = pd.DataFrame({"strong": strong, "weak_a": weak_a, "weak_b": weak_b})
    frame["overall"] = 2.0 * strong + 0.5 * weak_a + 0.15 * weak_b + rng.normal(size=n)
    frame["weight"] = rng.uniform(0.5, 2.0, size=n)
    items = ["strong", "weak_a", "weak_b"]
    shapley = drivers.shapley_r2(frame, "overall", items, "weight")
    johnson = drivers.relative_weights(frame, "overall", items, "weight")
    expected = _wls_r2(frame, "overall", items)
    assert johnson.table["contribution"].sum() == pytest.approx(expected, abs=1e-10)
    assert johnson.r2 == pytest.approx(expected, abs=1e-10)
    assert johnson.table["rank"].tolist() == shapley.table["rank"].tolist() == [1, 2, 3]


def test_on_uncorrelated_items_both_methods_give_each_item_its_squared_correlation():
    # a 2^3 factorial design repeated: the items are exactly uncorrelated, so each explains r² alone
    design = np.array(list(itertools.product([-1.0, 1.0], repeat=3)) * 6)
    rng = np.random.default_rng(2)
    frame = pd.DataFrame(design, columns=["a", "b", "c"])
    frame["overall"] = 1.0 * frame["a"] + 0.5 * frame["b"] + 0.1 * frame["c"] + rng.normal(size=len(frame))
    squared = [np.corrcoef(frame[item], frame["overall"])[0, 1] ** 2 for item in "abc"]
    for method in (drivers.shapley_r2, drivers.relative_weights):
        result = method(frame, "overall", ["a", "b", "c"])
        assert result.table["contribution"].tolist() == pytest.approx(squared, abs=1e-10)


def test_too_few_complete_cases_are_refused_with_the_numbers_in_french_and_english():
    frame = _survey(n=60)
    frame.loc[:14, "item2"] = np.nan  # 45 complete cases, 5 items need 50
    result = drivers.shapley_r2(frame, "overall", ITEMS, "weight")
    assert not result.available and result.table.empty and math.isnan(result.r2)
    assert result.n_used == 45 and result.reason_key == drivers.TOO_FEW_CASES
    assert "45" in result.reason("fr") and "50" in result.reason("fr")
    assert "complete responses" in result.reason("en")
    few = drivers.relative_weights(_survey(n=29), "overall", ["item0"], "weight")
    assert not few.available and f"{drivers.MIN_CASES}" in few.reason("en")
    enough = drivers.relative_weights(_survey(n=30), "overall", ["item0"], "weight")
    assert enough.available


def test_an_item_without_variance_is_dropped_and_listed():
    frame = _survey()
    frame["constant"] = 3
    with_constant = drivers.shapley_r2(frame, "overall", ITEMS + ["constant"], "weight")
    without = drivers.shapley_r2(frame, "overall", ITEMS, "weight")
    assert with_constant.dropped_no_variance == ("constant",)
    assert with_constant.table["item"].tolist() == ITEMS
    assert with_constant.table["contribution"].tolist() == pytest.approx(without.table["contribution"].tolist())
    johnson = drivers.relative_weights(frame, "overall", ["constant", "item0"], "weight")
    assert johnson.dropped_no_variance == ("constant",) and johnson.table["item"].tolist() == ["item0"]


def test_only_complete_cases_with_a_positive_weight_are_used():
    frame = _survey()
    frame.loc[[0, 1, 2], "overall"] = np.nan
    frame.loc[[3, 4], "item1"] = np.nan
    frame.loc[5, "weight"] = 0.0
    result = drivers.shapley_r2(frame, "overall", ITEMS, "weight")
    complete = frame.dropna(subset=ITEMS + ["overall"])
    complete = complete[complete["weight"] > 0]
    assert result.n_used == len(complete) == len(frame) - 6
    assert result.r2 == pytest.approx(_wls_r2(complete, "overall", ITEMS), abs=1e-10)


def test_method_names_exist_in_french_and_english():
    frame = _survey()
    assert drivers.shapley_r2(frame, "overall", ITEMS).method_name("fr") == "décomposition de Shapley du R²"
    assert drivers.relative_weights(frame, "overall", ITEMS).method_name("en") == "Johnson's relative weights"


def test_a_missing_column_or_too_many_items_is_an_error():
    frame = _survey()
    with pytest.raises(drivers.DriverError, match="item9"):
        drivers.shapley_r2(frame, "overall", ["item0", "item9"])
    wide = pd.DataFrame(np.ones((10, drivers.MAX_ITEMS + 2)), columns=[f"i{j}" for j in range(drivers.MAX_ITEMS + 2)])
    with pytest.raises(drivers.DriverError):
        drivers.shapley_r2(wide, "i0", [f"i{j}" for j in range(1, drivers.MAX_ITEMS + 2)])


@pytest.mark.timeout(60)
def test_twelve_items_are_decomposed_exactly():
    rng = np.random.default_rng(9)
    x = rng.normal(size=(500, 12)) + rng.normal(size=(500, 1))
    frame = pd.DataFrame(x, columns=[f"i{j}" for j in range(12)])
    frame["overall"] = x @ np.linspace(1.0, 0.1, 12) + rng.normal(size=500)
    result = drivers.shapley_r2(frame, "overall", [f"i{j}" for j in range(12)])
    assert result.table["contribution"].sum() == pytest.approx(
        _wls_r2(frame.assign(weight=1.0), "overall", [f"i{j}" for j in range(12)]), abs=1e-9
    )
