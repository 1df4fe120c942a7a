"""Answer scales, top-2-box shares and the wording of a change, against independent computations:
statsmodels' Wilson interval on a hand-computed Kish n, hand counts, a hand-computed z."""

import math

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

from smq_analytics import stats
from smq_analytics.codebook import load_codebook
from smq_analytics.i18n import NBSP
from smq_analytics.scales import SCALES, ScaleError, comparable, comparison_warning, distribution, scale, top2_share

SCALE4, SCALE5, SCALE0_10 = SCALES["scale4"], SCALES["scale5"], SCALES["scale0_10"]


def test_each_scale_counts_its_two_best_codes_as_the_top_two_boxes():
    assert SCALE4.top_box == {3, 4} and SCALE4.codes == (1, 2, 3, 4)
    assert SCALE5.top_box == {4, 5} and SCALE5.codes == (1, 2, 3, 4, 5)
    assert SCALE0_10.top_box == {9, 10} and SCALE0_10.codes == tuple(range(11))
    assert all(s.higher_is_better for s in SCALES.values())
    assert scale("scale5") is SCALE5


def test_the_scales_agree_with_the_codebooks_rating_scales():
    # the codebook (data/reference/codebook.yaml, rating_scales) states the codes ingest accepts;
    # the statistics must count the same codes and the same top two boxes
    rating_scales = load_codebook().rating_scales
    assert set(rating_scales) == set(SCALES)
    for name, rating in rating_scales.items():
        assert (SCALES[name].low, SCALES[name].high) == (rating.min, rating.max)
        assert SCALES[name].top_box == set(rating.top_two)


def test_weighted_top2_share_and_interval_match_statsmodels_on_kish_n():
    values = [4, 3, 2, 1, 4, 3, 3, 2, None, 4]
    weights = [0.5, 1.5, 1.0, 2.0, 1.0, 0.5, 1.0, 0.5, 3.0, 2.0]
    estimate = top2_share(values, weights, SCALE4)
    # by hand, without the missing answer: top boxes carry 0.5 + 1.5 + 1 + 0.5 + 1 + 2 = 6.5 of 10
    kept = [w for v, w in zip(values, weights) if v is not None]
    n_eff = sum(kept) ** 2 / sum(w * w for w in kept)
    assert estimate.share == pytest.approx(6.5 / 10)
    assert estimate.effective_n == pytest.approx(n_eff)
    assert estimate.n == 9
    low, high = proportion_confint(6.5 / 10 * n_eff, n_eff, alpha=0.05, method="wilson")
    assert (estimate.low, estimate.high) == pytest.approx((low, high), abs=1e-12)
    assert estimate.quality == stats.quality_flag(6.5 / 10, n_eff)


def test_top2_share_on_0_to_10_is_the_nps_promoter_share():
    rng = np.random.default_rng(7)
    scores = rng.integers(0, 11, size=300)
    weights = rng.uniform(0.3, 3.0, size=300)
    estimate = top2_share(scores, weights, SCALE0_10)
    assert estimate.share == pytest.approx(stats.nps(scores, weights).promoters)


def test_unweighted_top2_share_on_five_points_is_the_plain_proportion():
    values = [5, 4, 3, 5, 1, 2, 4, 4, 5, 3, 2, 5]
    estimate = top2_share(values, None, SCALE5)
    top = sum(v >= 4 for v in values)
    assert estimate.share == pytest.approx(top / len(values))
    assert (estimate.low, estimate.high) == pytest.approx(
        proportion_confint(top, len(values), alpha=0.05, method="wilson"), abs=1e-12
    )


def test_distribution_lists_every_code_with_zeros_and_sums_to_one():
    values = pd.Series([4, 4, 3, 1, 4, 3, None])
    weights = np.array([1.0, 2.0, 0.5, 1.5, 1.0, 1.0, 9.0])
    table = distribution(values, weights, SCALE5)
    assert table["code"].tolist() == [1, 2, 3, 4, 5]
    assert table["share"].sum() == pytest.approx(1.0)
    assert table.set_index("code").loc[[2, 5], "share"].tolist() == [0.0, 0.0]
    total = 7.0  # the missing answer's weight left out
    for code, expected in {1: 1.5, 3: 1.5, 4: 4.0}.items():
        row = table.set_index("code").loc[code]
        assert row["share"] == pytest.approx(expected / total)
        n_eff = total**2 / float(np.sum(weights[:6] ** 2))
        low, high = proportion_confint(expected / total * n_eff, n_eff, alpha=0.05, method="wilson")
        assert (row["ci_low"], row["ci_high"]) == pytest.approx((low, high), abs=1e-12)
    assert table["n"].tolist() == [1, 0, 2, 3, 0]


@pytest.mark.parametrize(
    "lang, words",
    [
        ("fr", ["sat_overall", "hors de l'échelle 4 points", "5, 0", "lignes 2, 4", "aucune valeur n'est recodée"]),
        ("en", ["sat_overall", "outside the 4-point scale", "5, 0", "rows 2, 4", "no value is recoded"]),
    ],
)
def test_a_value_outside_the_scale_is_an_error_in_french_and_english(lang, words):
    values = pd.Series([4, 3, 5, 1, 0], name="sat_overall")
    with pytest.raises(ScaleError) as caught:
        top2_share(values, None, SCALE4)
    text = caught.value.message(lang)
    for word in words:
        assert word in text.replace(NBSP, " ")


def test_a_text_or_fractional_answer_is_refused_too():
    with pytest.raises(ScaleError, match="n/a"):
        top2_share(["4", "n/a", 3], None, SCALE4, item="sat_reception")
    with pytest.raises(ScaleError):
        distribution([2.5, 3], None, SCALE4)


def test_an_unknown_scale_name_is_an_error_listing_the_known_ones():
    with pytest.raises(ScaleError) as caught:
        scale("scale7")
    assert "scale4" in caught.value.message("en") and "scale7" in caught.value.message("fr")


def test_only_the_same_scale_is_comparable_and_otherwise_a_warning_says_so():
    assert comparable(SCALE4, SCALES["scale4"])
    assert not comparable(SCALE4, SCALE5)
    assert comparison_warning(SCALE4, 2024, SCALE4, 2025) is None
    warning = comparison_warning(SCALE4, 2024, SCALE5, 2025)
    assert warning("fr").replace(NBSP, " ") == (
        "échelles différentes : 4 points en 2024, 5 points en 2025 ; la comparaison n'est pas faite"
    )
    assert warning("en") == "different scales: 4-point in 2024, 5-point in 2025; the comparison is not made"


def _season(top: int, bottom: int, weight_top: float, weight_bottom: float):
    values = [4] * top + [2] * bottom
    weights = [weight_top] * top + [weight_bottom] * bottom
    return top2_share(values, weights, SCALE4), values, weights


def test_the_change_between_two_seasons_is_worded_from_the_test_on_effective_sizes():
    first, _, w1 = _season(300, 100, 1.0, 2.0)
    second, _, w2 = _season(340, 60, 1.0, 2.0)
    # by hand: shares 300/500 and 340/460; Kish n = (Σw)² / Σw²
    p1, p2 = 300 / 500, 340 / 460
    n1 = 500**2 / (300 + 100 * 4)
    n2 = 460**2 / (340 + 60 * 4)
    z = (p2 - p1) / math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
    assert (first.share, first.effective_n) == pytest.approx((p1, n1))
    assert (second.share, second.effective_n) == pytest.approx((p2, n2))
    diff = stats.difference_test(first.share, first.effective_n, second.share, second.effective_n)
    assert diff.z == pytest.approx(z)
    assert abs(z) > 1.959964  # so the change is significant, upwards
    assert stats.change_phrase(diff, "fr") == "hausse significative"
    assert stats.change_phrase(diff, "en") == "significant increase"
    back = stats.difference_test(second.share, second.effective_n, first.share, first.effective_n)
    assert stats.change_phrase(back, "fr") == "baisse significative"
    assert stats.change_phrase(back, "en") == "significant decrease"


def test_a_change_inside_the_margin_of_error_is_said_so_and_a_missing_season_is_no_comparison():
    first, _, _ = _season(30, 20, 1.0, 1.0)
    second, _, _ = _season(33, 17, 1.0, 1.0)
    z = (0.66 - 0.6) / math.sqrt(0.6 * 0.4 / 50 + 0.66 * 0.34 / 50)
    assert abs(z) < 1.959964
    diff = stats.difference_test(first.share, first.effective_n, second.share, second.effective_n)
    assert stats.change_phrase(diff, "fr") == "écart dans la marge d'erreur"
    assert stats.change_phrase(diff, "en") == "difference within the margin of error"
    empty = top2_share([], [], SCALE4)
    assert empty.n == 0 and math.isnan(empty.share)
    missing = stats.difference_test(first.share, first.effective_n, empty.share, empty.effective_n)
    assert stats.change_phrase(missing, "en") == "no comparison possible"
