"""Post-stratification with sparse months collapsed first, and the unit of analysis.

Expected weights are computed by hand from the definition — w_h = (A_h / ΣA) / (n_h / Σn) on the
collapsed strata — never with the module's own helpers.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from smq_analytics import stats, weighting
from smq_analytics.weighting import MIN_STRATUM_N, SMALL, UNCOUNTED, UNSURVEYED


def strata(rows, museum="M", year=2024) -> pd.DataFrame:
    """(month, n, attendance) rows in the shape of sql/metrics/survey_strata.sql."""
    return pd.DataFrame(
        [(museum, year, month, n, attendance) for month, n, attendance in rows],
        columns=["museum_id", "survey_year", "month", "n", "attendance"],
    )


def visitors(rows, museum="M") -> pd.DataFrame:
    return pd.DataFrame(
        [(museum, month, attendance) for month, attendance in rows], columns=["museum_id", "month", "attendance"]
    )


def by_hand(groups: list[tuple[int, float]]) -> list[float]:
    """w_h = (A_h / ΣA) / (n_h / Σn) for (n_h, A_h) strata."""
    total_n = sum(n for n, _ in groups)
    total_a = sum(a for _, a in groups)
    return [(a / total_a) / (n / total_n) for n, a in groups]


def weights_of(out: pd.DataFrame) -> dict[str, float]:
    return dict(zip(out["month"], out["weight"]))


# --- the synthetic September --------------------------------------------------------------------------

SEPTEMBER = strata(
    [("2024-06", 250, 21_000), ("2024-07", 400, 36_000), ("2024-08", 343, 29_100), ("2024-09", 7, 13_900)]
)


def test_trimming_alone_shrinks_a_sparse_september():
    """The problem: September has 13.9 % of the visitors and 7 of 1 000 responses; its raw weight
    (0.139 × 1000 / 7 = 19.9) is capped at 5, so it keeps 5 × 7 / 1000 = 3.5 % of the weighted sample."""
    n, attendance = SEPTEMBER["n"], SEPTEMBER["attendance"]
    trimmed = stats.poststratification_weights(n, attendance)
    assert attendance.iloc[3] / attendance.sum() == pytest.approx(0.139)
    assert float(trimmed.iloc[3] * 7 / 1000) == pytest.approx(0.035, abs=1e-9)


def test_sparse_september_is_collapsed_with_august_and_keeps_its_visitors():
    """September cannot carry 13.9 % on 7 people; merged with August, the August–September stratum
    carries exactly its 29.1 + 13.9 = 43.0 % of the attendance, nothing trimmed, and every stratum's
    weighted share equals its attendance share."""
    result, out = weighting.weighting_for(SEPTEMBER)
    assert result.weighted and result.reason == weighting.WEIGHTED
    assert result.collapsed == (weighting.MonthMerge("M", 2024, ("2024-09",), ("2024-08",), SMALL, 7, 13_900.0),)
    assert result.n_trimmed == 0 and result.trimmed == ()
    assert [s.months for s in result.strata] == [("2024-06",), ("2024-07",), ("2024-08", "2024-09")]
    autumn = result.strata[2]
    assert (autumn.n, autumn.attendance) == (350, 43_000)
    assert autumn.weighted_share == pytest.approx(0.291 + 0.139)
    for stratum in result.strata:
        assert stratum.weighted_share == pytest.approx(stratum.attendance_share)
    # by hand: June 0.21 / 0.25, July 0.36 / 0.40, Aug–Sep 0.43 / 0.35
    assert weights_of(out) == pytest.approx(
        {"2024-06": 0.84, "2024-07": 0.9, "2024-08": 0.43 / 0.35, "2024-09": 0.43 / 0.35}
    )
    assert list(out["stratum"]) == ["2024-06", "2024-07", "2024-08+2024-09", "2024-08+2024-09"]
    # the weighted sample now reproduces the attendance: September's visitors are in it in full
    weighted_total = (out["n"] * out["weight"]).sum()
    assert out.loc[out["month"].isin(["2024-08", "2024-09"]), "n"].mul(
        out["weight"]
    ).sum() / weighted_total == pytest.approx(0.43)


def test_min_stratum_n_is_twenty():
    assert MIN_STRATUM_N == 20
    # 19 responses is merged, 20 is not
    rows = [("2024-07", 100, 10_000), ("2024-08", 19, 5_000)]
    assert len(weighting.weighting_for(strata(rows))[0].collapsed) == 1
    rows[1] = ("2024-08", 20, 5_000)
    assert weighting.weighting_for(strata(rows))[0].collapsed == ()


def test_small_month_joins_the_neighbour_with_fewer_responses_repeatedly():
    # July (8) sits between June (30) and August (90): it joins June; June–July (38) is then fine.
    # October (5) has only September (15) beside it; September–October (20) is then fine.
    rows = [
        ("2024-06", 30, 6_000),
        ("2024-07", 8, 9_000),
        ("2024-08", 90, 12_000),
        ("2024-09", 15, 3_000),
        ("2024-10", 5, 1_000),
    ]
    result, out = weighting.weighting_for(strata(rows))
    assert [(m.months, m.into) for m in result.collapsed] == [
        (("2024-10",), ("2024-09",)),
        (("2024-07",), ("2024-06",)),
    ]
    assert [s.months for s in result.strata] == [("2024-06", "2024-07"), ("2024-08",), ("2024-09", "2024-10")]
    expected = by_hand([(38, 15_000), (90, 12_000), (20, 4_000)])
    assert weights_of(out) == pytest.approx(
        {
            "2024-06": expected[0],
            "2024-07": expected[0],
            "2024-08": expected[1],
            "2024-09": expected[2],
            "2024-10": expected[2],
        }
    )


def test_weights_by_hand_with_a_month_without_responses_and_a_small_month():
    """June 50 responses / 10 000 visitors; July no responses / 4 000 visitors (only in the attendance
    table); August 12 / 20 000; September 60 / 30 000; May and October are outside the survey period.

    July joins August (fewer responses than June); July–August (12) is small and joins June (50,
    fewer than September's 60): June–August 62 responses / 34 000 visitors, September 60 / 30 000.
    """
    rows = [("2024-06", 50, 10_000), ("2024-08", 12, 20_000), ("2024-09", 60, 30_000)]
    attendance = pd.concat(
        [
            visitors(
                [
                    ("2024-05", 999),
                    ("2024-06", 10_000),
                    ("2024-07", 4_000),
                    ("2024-08", 20_000),
                    ("2024-09", 30_000),
                    ("2024-10", 777),
                    ("2023-07", 5_555),
                ]
            ),
            visitors([("2024-07", 8_888)], museum="other museum"),
        ],
        ignore_index=True,
    )  # ignored: other season, museum
    result, out = weighting.weighting_for(strata(rows), attendance)
    assert [(m.months, m.into, m.why) for m in result.merges] == [
        (("2024-07",), ("2024-08",), UNSURVEYED),
        (("2024-07", "2024-08"), ("2024-06",), SMALL),
    ]
    assert result.months_without_responses[0].attendance == 4_000
    assert result.months_outside_period == (("M", "2024-05"), ("M", "2024-10"))
    # (34 000 / 64 000) / (62 / 122) and (30 000 / 64 000) / (60 / 122)
    assert weights_of(out) == pytest.approx({"2024-06": 64.8125 / 62, "2024-08": 64.8125 / 62, "2024-09": 0.953125})
    assert [s.attendance for s in result.strata] == [34_000, 30_000]
    assert (out["n"] * out["weight"]).sum() == pytest.approx(122)


def test_months_without_responses_are_never_dropped():
    """Without the attendance table, July's 4 000 visitors are invisible; with it they count."""
    rows = [("2024-06", 100, 10_000), ("2024-08", 100, 10_000)]
    blind, _ = weighting.weighting_for(strata(rows))
    seen, out = weighting.weighting_for(strata(rows), visitors([("2024-07", 4_000)]))
    assert sum(s.attendance for s in blind.strata) == 20_000
    assert sum(s.attendance for s in seen.strata) == 24_000
    # equal responses on both sides: July joins the earlier month
    assert seen.months_without_responses == (
        weighting.MonthMerge("M", 2024, ("2024-07",), ("2024-06",), UNSURVEYED, 0, 4_000.0),
    )
    expected = by_hand([(100, 14_000), (100, 10_000)])
    assert weights_of(out) == pytest.approx({"2024-06": expected[0], "2024-08": expected[1]})


def test_a_run_of_months_without_responses_splits_to_the_nearer_end():
    # July → June, September → October (nearer); August is as near to both: the stratum with fewer
    # responses (September–October, 30) takes it
    rows = [("2024-06", 100, 10_000), ("2024-10", 30, 8_000)]
    attendance = visitors([("2024-07", 5_000), ("2024-08", 6_000), ("2024-09", 7_000)])
    result, out = weighting.weighting_for(strata(rows), attendance)
    assert [s.months for s in result.strata] == [("2024-06", "2024-07"), ("2024-08", "2024-09", "2024-10")]
    assert [s.attendance for s in result.strata] == [15_000, 21_000]
    expected = by_hand([(100, 15_000), (30, 21_000)])
    assert weights_of(out) == pytest.approx({"2024-06": expected[0], "2024-10": expected[1]})


def test_month_missing_attendance_is_merged_when_the_season_is_otherwise_covered():
    """July has 80 responses and no attendance: it joins June (100, fewer than August's 120) and takes
    June's 100 visitors per response (8 000 imputed), so July's respondents weigh what June's do."""
    rows = [("2024-06", 100, 10_000), ("2024-07", 80, None), ("2024-08", 120, 15_000), ("2024-09", 60, 8_000)]
    result, out = weighting.weighting_for(strata(rows))
    assert result.weighted and result.missing_months == ("2024-07",)
    assert result.months_without_attendance == (
        weighting.MonthMerge("M", 2024, ("2024-07",), ("2024-06",), UNCOUNTED, 80, 8_000.0),
    )
    assert result.strata[0].imputed_attendance == 8_000 and result.strata[0].attendance == 18_000
    expected = by_hand([(180, 18_000), (120, 15_000), (60, 8_000)])
    assert weights_of(out) == pytest.approx(
        {"2024-06": expected[0], "2024-07": expected[0], "2024-08": expected[1], "2024-09": expected[2]}
    )
    # June keeps the weight it had relative to August: 100 visitors per response vs 125
    assert out.loc[0, "weight"] / out.loc[2, "weight"] == pytest.approx(100 / 125)


def test_attendance_table_fills_a_month_the_strata_lack():
    rows = [("2024-06", 100, 10_000), ("2024-07", 80, None)]
    result, out = weighting.weighting_for(strata(rows), visitors([("2024-07", 4_000)]))
    assert result.missing_months == () and result.merges == ()
    expected = by_hand([(100, 10_000), (80, 4_000)])
    assert list(out["weight"]) == pytest.approx(expected)


def test_attendance_missing_for_most_months_leaves_the_season_unweighted():
    half = [("2024-06", 100, 10_000), ("2024-07", 80, None), ("2024-08", 120, None), ("2024-09", 60, 8_000)]
    assert weighting.weighting_for(strata(half))[0].weighted  # 2 of 4: not a majority
    most = [("2024-06", 100, 10_000), ("2024-07", 80, None), ("2024-08", 120, None), ("2024-09", 60, None)]
    result, out = weighting.weighting_for(strata(most))
    assert (result.weighted, result.reason) == (False, weighting.MONTHS_MISSING)
    assert result.missing_months == ("2024-07", "2024-08", "2024-09")
    assert result.blocking == (("M", 2024),)
    assert list(out["weight"]) == [1.0] * 4
    none = [("2024-06", 100, None), ("2024-07", 80, None), ("", 5, None)]
    result, out = weighting.weighting_for(strata(none))
    assert (result.weighted, result.reason, result.n_undated) == (False, weighting.NO_ATTENDANCE, 5)


def test_no_responses_and_no_dates():
    assert weighting.weighting_for(strata([]))[0].reason == weighting.NO_RESPONSES
    result, out = weighting.weighting_for(strata([("", 40, None)]))
    assert (result.reason, result.n_undated, list(out["weight"])) == (weighting.NO_DATES, 40, [1.0])


def test_undated_responses_keep_weight_one():
    rows = [("2024-07", 100, 6_000), ("2024-08", 50, 4_000), ("", 9, None)]
    result, out = weighting.weighting_for(strata(rows))
    assert result.n_undated == 9
    expected = by_hand([(100, 6_000), (50, 4_000)])
    assert list(out["weight"]) == pytest.approx([*expected, 1.0])


def test_cap_still_applies_after_collapsing():
    """Collapsing first, capping second: July has 30 responses (enough) for 60 000 of 61 000 visitors;
    its raw weight (60/61) / (30/230) = 7.54 is capped at 5, June's renormalised to (230 − 150) / 200."""
    result, out = weighting.weighting_for(strata([("2024-06", 200, 1_000), ("2024-07", 30, 60_000)]))
    assert result.collapsed == () and result.n_trimmed == 1
    july = result.strata[1]
    assert july.trimmed and july.weight == pytest.approx(stats.WEIGHT_CAP)
    assert july.untrimmed_weight == pytest.approx((60 / 61) / (30 / 230))
    assert july.weighted_share < july.attendance_share
    assert weights_of(out) == pytest.approx({"2024-06": 0.4, "2024-07": 5.0})


def test_too_few_responses_collapse_into_one_stratum():
    result, out = weighting.weighting_for(strata([("2024-07", 9, 5_000), ("2024-08", 8, 7_000)]))
    assert result.n_strata == 1 and list(out["weight"]) == pytest.approx([1.0, 1.0])


def test_sector_strata_collapse_within_each_museum_only():
    """Museum A's small August joins A's July, never B's August; each museum keeps its own visitors."""
    frame = pd.concat(
        [
            strata([("2024-07", 60, 6_000), ("2024-08", 5, 2_000)], museum="A"),
            strata([("2024-07", 40, 3_000), ("2024-08", 45, 9_000)], museum="B"),
        ],
        ignore_index=True,
    )
    result, out = weighting.weighting_for(frame)
    assert [(m.museum_id, m.months, m.into) for m in result.collapsed] == [("A", ("2024-08",), ("2024-07",))]
    assert [(s.museum_id, s.months) for s in result.strata] == [
        ("A", ("2024-07", "2024-08")),
        ("B", ("2024-07",)),
        ("B", ("2024-08",)),
    ]
    expected = by_hand([(65, 8_000), (40, 3_000), (45, 9_000)])
    assert list(out["weight"]) == pytest.approx([expected[0], expected[0], expected[1], expected[2]])
    museum_a = out["museum_id"] == "A"
    assert (out.loc[museum_a, "n"] * out.loc[museum_a, "weight"]).sum() / 150 == pytest.approx(8_000 / 20_000)


def test_one_museum_without_attendance_unweights_the_sector():
    frame = pd.concat(
        [strata([("2024-07", 60, 6_000)], museum="A"), strata([("2024-07", 40, None)], museum="B")], ignore_index=True
    )
    result, _ = weighting.weighting_for(frame)
    assert (result.weighted, result.reason, result.blocking) == (False, weighting.MONTHS_MISSING, (("B", 2024),))


def test_poststratify_is_the_stats_function_plus_what_trimming_did():
    n = pd.Series({"a": 100.0, "b": 100.0, "c": 5.0})
    attendance = pd.Series({"a": 1_000.0, "b": 1_000.0, "c": 10_000.0})
    table = weighting.poststratify(n, attendance)
    assert table["weight"].tolist() == pytest.approx(stats.poststratification_weights(n, attendance).tolist())
    assert table["trimmed"].tolist() == [False, False, True]
    assert table.loc["c", "untrimmed_weight"] == pytest.approx((10_000 / 12_000) / (5 / 205))
    assert table["attendance_share"].sum() == pytest.approx(1) and table["weighted_share"].sum() == pytest.approx(1)


def test_output_keeps_the_rows_provenance_merges_on():
    frame = SEPTEMBER.assign(attendance=SEPTEMBER["attendance"].astype("Int64"))
    _, out = weighting.weighting_for(frame)
    assert list(out[["museum_id", "survey_year", "month", "n"]].itertuples(index=False, name=None)) == list(
        SEPTEMBER[["museum_id", "survey_year", "month", "n"]].itertuples(index=False, name=None)
    )


# --- unit of analysis -----------------------------------------------------------------------------------


def test_unit_of_analysis_needs_eighty_percent_of_party_sizes():
    eight_of_ten = [2, 4, 1, 3, 2, 2, 40, 5, None, "NSP"]
    decision = weighting.unit_of_analysis(eight_of_ten)
    assert (decision.unit, decision.n_responses, decision.n_with_party_size) == (weighting.VISITORS, 10, 8)
    assert decision.share_with_party_size == pytest.approx(0.8)
    assert decision.n_capped == 1  # 40 counts as 10
    assert decision.mean_party_size == pytest.approx((2 + 4 + 1 + 3 + 2 + 2 + 10 + 5) / 8)
    seven_of_ten = [2, 4, 1, 3, 2, 2, 5, None, None, 0]  # 0 is not a party size
    assert weighting.unit_of_analysis(seven_of_ten).unit == weighting.PARTIES
    assert weighting.unit_of_analysis(pd.DataFrame({"other": [1, 2]})).unit == weighting.PARTIES
    assert weighting.unit_of_analysis([]).unit == weighting.PARTIES


def test_party_multiplier_caps_and_imputes_the_mean():
    sizes = pd.Series([2, 40, None, 1], index=[10, 11, 12, 13])
    decision = weighting.unit_of_analysis(pd.Series([2, 40, 3, 1, 4]))
    multiplier = weighting.party_multiplier(sizes, decision)
    assert list(multiplier.index) == [10, 11, 12, 13]
    assert list(multiplier) == pytest.approx([2, 10, (2 + 10 + 3 + 1 + 4) / 5, 1])
    parties = weighting.UnitOfAnalysis(weighting.PARTIES, 5, 2, 0.4)
    assert list(weighting.party_multiplier(sizes, parties)) == [1.0] * 4


def test_visitor_weights_keep_each_stratum_total_and_count_visitors():
    """Stratum J: a couple of locals (2), a person alone (local, 1), a family of 5 (tourists);
    stratum A: two tourists alone. Shares of parties vs of visitors, by hand."""
    frame = pd.DataFrame(
        {
            "stratum": ["J", "J", "J", "A", "A"],
            "weight": [1.2, 1.2, 1.2, 0.6, 0.6],
            "party_size": [2, 1, 5, 1, 1],
            "local": [1, 1, 0, 0, 0],
        }
    )
    decision = weighting.unit_of_analysis(frame)
    w = weighting.visitor_weights(
        frame["weight"], weighting.party_multiplier(frame["party_size"], decision), frame["stratum"]
    )
    # stratum totals unchanged: J 3.6, A 1.2
    assert w[frame["stratum"] == "J"].sum() == pytest.approx(3.6) and w[frame["stratum"] == "A"].sum() == pytest.approx(
        1.2
    )
    # within J: 1.2 × size / mean size (8/3)
    assert list(w[:3]) == pytest.approx([1.2 * 2 * 3 / 8, 1.2 * 1 * 3 / 8, 1.2 * 5 * 3 / 8])
    parties_share = (frame["weight"] * frame["local"]).sum() / frame["weight"].sum()
    visitors_share = (w * frame["local"]).sum() / w.sum()
    assert parties_share == pytest.approx(2.4 / 4.8)
    assert visitors_share == pytest.approx(3.6 * 3 / 8 / 4.8)  # 3 of J's 8 visitors are local
    assert not math.isclose(parties_share, visitors_share)
    assert np.all(np.isfinite(w))


def test_sql_visitor_multiplier_agrees_with_party_multiplier():
    """The SQL macro that sums visitors per cell and weighting.party_multiplier are one rule."""
    from smq_analytics import store
    from smq_analytics.weighting import party_multiplier, unit_of_analysis

    sizes = [1, 2, None, 40, 0, 3, 7, None, 12, 2]
    con = store.connect(":memory:", read_only=False)  # migrated, with the views' macros
    for given in (sizes, [None] * 7 + [2, 3, 4]):  # visitors, then parties (too few sizes)
        decision = unit_of_analysis(pd.Series(given, dtype="Int64"))
        expected = party_multiplier(pd.Series(given, dtype="Int64"), decision).tolist()
        mean = float(decision.mean_party_size) if decision.by_visitors else 1.0
        got = [
            con.execute(
                "SELECT visitor_multiplier(?::INTEGER, ?, ?, ?)", [size, decision.by_visitors, decision.cap, mean]
            ).fetchall()[0][0]
            for size in given
        ]
        assert got == pytest.approx(expected)
