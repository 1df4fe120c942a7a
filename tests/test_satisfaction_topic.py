"""The satisfaction workbook (notebooks/02_satisfaction.ipynb, smq_analytics/topics/satisfaction/)
against independent computations: the answers recounted from the raw demo exports
(tests/demo_files_support.py), top-2-box intervals from statsmodels, NPS and its variance by hand, the
change test on a worked example, key-driver shares summing to the R² of statsmodels' WLS."""

from __future__ import annotations

import csv
import json
import math
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from statsmodels.stats.proportion import proportion_confint

from smq_analytics import paths, privacy
from smq_analytics.ingest import ingest_file
from smq_analytics.metrics.scope import open_scope
from smq_analytics.topics.satisfaction import metrics, narrative
from demo_files_support import RatingReader, read_attendance, survey_files, survey_years
from recompute_support import collapse_small_months
from ingest_support import MUSEUM

pytestmark = pytest.mark.timeout(300)

DEMO_DIR = Path(os.environ.get("SMQ_DEMO_DIR") or paths.demo_dir())
DB = paths.default_db()
needs_demo = pytest.mark.skipif(not DB.is_file() or not DEMO_DIR.is_dir(), reason="demo store and files needed")


def demo_museums() -> list[str]:
    if not DEMO_DIR.is_dir():
        return []
    return sorted(p.name for p in DEMO_DIR.iterdir() if p.is_dir() and any(p.glob("sondage-*")))


@pytest.fixture(scope="module")
def scope():
    opened = open_scope("", 0, "fr", str(DB))
    yield opened
    opened.close()


# --- the answers: one row per response, every rating item as the export gave it ----------------------


@needs_demo
@pytest.mark.parametrize("museum", demo_museums())
def test_answers_hold_every_response_and_every_rating_of_the_raw_exports(scope, museum):
    folder = DEMO_DIR / museum
    for year in survey_years(folder)[-2:]:
        readers = [RatingReader(path, mapping, codebook_path()) for path, mapping in survey_files(folder, year)]
        got = metrics.answers(scope.with_choice(museum=museum), year)
        assert (got.museum_id, got.year) == (museum, year)
        assert got.n == sum(r.n_rows for r in readers)
        assert list(got.frame.columns) == list(metrics.ANSWER_COLUMNS)
        for item in metrics.RATING_ITEMS:
            expected = Counter(v for r in readers for v in r.values(item) if v is not None)
            found = Counter(int(v) for v in got.frame[item].dropna())
            assert found == expected, (museum, year, item)
            scales = {r.scale_of(item) for r in readers}
            assert got.scales[item] == (scales.pop() if len(scales) == 1 else metrics.MIXED)


@needs_demo
@pytest.mark.parametrize("museum", demo_museums())
def test_weights_give_each_stratum_its_share_of_attendance(scope, museum):
    """weight = (attendance_h / n_h) normalised to a mean of 1, where a stratum h is a month, or months
    collapsed while one has fewer than 20 responses — checked with the attendance read from the raw
    files; responses without a date weigh 1."""
    got = metrics.answers(scope.with_choice(museum=museum))
    frame = got.frame
    attendance = read_attendance(sorted((DEMO_DIR / museum).glob("frequentation*")))
    dated = frame[frame["month"] != ""]
    n = dated["month"].value_counts().sort_index()
    months = list(n.index)
    period = [f"{y:04d}-{m:02d}" for y in range(int(months[0][:4]), int(months[-1][:4]) + 1) for m in range(1, 13)]
    period = [m for m in period if months[0] <= m <= months[-1]]
    # every demo season is weighted month by month or with its small months collapsed (weighting rule 4,
    # written again in tests/recompute_support.py); imputation would need more than this test knows
    assert all(attendance.get(m, 0) > 0 for m in months) and set(period) == set(months), museum
    stratum = {m: tuple(group) for group in collapse_small_months(n) for m in group}
    raw = {m: sum(attendance[k] for k in stratum[m]) / sum(n[k] for k in stratum[m]) for m in months}
    scale = len(dated) / sum(raw[m] * n[m] for m in months)
    assert all(0.2 <= raw[m] * scale <= 5 for m in months), "no demo weight is trimmed"
    assert got.weighted and got.note is None
    for month, weight in zip(dated["month"], dated["weight"]):
        assert weight == pytest.approx(raw[month] * scale, rel=1e-9)
    assert (frame.loc[frame["month"] == "", "weight"] == 1.0).all()


@needs_demo
@pytest.mark.parametrize("museum", demo_museums())
def test_the_weights_are_those_of_the_provenance_report_for_every_season(scope, museum):
    """Same strata, merges and caps as the provenance report (shares.strata + shares.weights_for on
    the survey_strata query), counted per respondent."""
    from smq_analytics.metrics import shares
    from smq_analytics.metrics.scope import connection
    from smq_analytics.weighting import unit_of_analysis

    mine = scope.with_choice(museum=museum)
    for year in mine.seasons:
        got = metrics.answers(mine, year)
        strata = shares.strata(connection(mine), museum, year, unit_of_analysis(pd.Series(dtype=float)))
        weighting, weights = shares.weights_for(connection(mine), strata, museum, year)
        expected = got.frame["month"].map(dict(zip(weights["month"].astype(str), weights["weight"]))).fillna(1.0)
        if not weighting.weighted:
            expected[:] = 1.0
        assert (got.weighted, got.weighting.reason) == (weighting.weighted, weighting.reason)
        assert np.allclose(got.frame["weight"].to_numpy(), expected.to_numpy(dtype=float), rtol=1e-12)


@needs_demo
def test_each_peer_value_is_that_museums_own_published_top2_on_the_readers_scale(scope):
    mine = scope.with_choice(museum=demo_museums()[0])
    reader = metrics.answers(mine)
    results = metrics.peer_results(mine, reader).set_index("museum_id")
    for museum in results.index:
        own = metrics.item_result(metrics.answers(mine.with_choice(museum=museum), reader.year), "sat_overall")
        same_scale = own.scale == reader.scales["sat_overall"]
        value = results.loc[museum, "value"]
        assert results.loc[museum, "n"] == own.n
        if own.shown and same_scale:
            assert value == pytest.approx(own.estimate.share, rel=1e-12)
        else:
            assert math.isnan(value)


def codebook_path() -> Path:
    return Path(__file__).resolve().parents[1] / "data" / "reference" / "codebook.yaml"


# --- crafted answers ----------------------------------------------------------------------------------


def crafted(
    columns: dict, weights=None, year: int = 2026, scale: str = "scale4", weighted: bool = True
) -> metrics.Answers:
    """An Answers of len(first column) responses: the given item columns, every other column missing."""
    n = len(next(iter(columns.values())))
    frame = pd.DataFrame(index=range(n))
    for column in metrics.ANSWER_COLUMNS:
        frame[column] = pd.Series([pd.NA] * n, dtype="object")
    frame["response_id"] = [f"r{i}" for i in range(n)]
    frame["month"] = f"{year}-07"
    frame["weight"] = np.ones(n) if weights is None else np.asarray(weights, dtype=float)
    for item in (*metrics.RATING_ITEMS, metrics.NPS_ITEM):
        frame[item] = pd.array(columns.get(item, [pd.NA] * n), dtype="Int64")
    scales = {item: scale for item in metrics.RATING_ITEMS}
    return metrics.Answers(frame, "musee-test", year, weighted, None, MappingProxyType(scales))


def plain(text) -> str:
    """A narrative's text with ordinary spaces (French typography puts no-break spaces before : ; % »)."""
    return str(text).replace("\u00a0", " ").replace("\u202f", " ")


def kish(w) -> float:
    w = np.asarray(w, dtype=float)
    return w.sum() ** 2 / (w**2).sum()


# --- top-2-box ----------------------------------------------------------------------------------------


@needs_demo
@pytest.mark.parametrize("museum", demo_museums()[:4])
def test_top2_share_and_its_interval_are_statsmodels_wilson_on_kishs_effective_n(scope, museum):
    got = metrics.answers(scope.with_choice(museum=museum))
    for result in metrics.top2(got):
        if result.estimate is None:
            continue
        answered = got.frame[got.frame[result.item].notna()]
        top = answered[result.item].astype(int) >= (3 if result.scale == "scale4" else 4)
        w = answered["weight"].to_numpy(dtype=float)
        share = float((w * top.to_numpy()).sum() / w.sum())
        n_eff = kish(w)
        low, high = proportion_confint(share * n_eff, n_eff, alpha=0.05, method="wilson")
        assert result.estimate.share == pytest.approx(share, abs=1e-12)
        assert result.estimate.effective_n == pytest.approx(n_eff, rel=1e-12)
        assert (result.estimate.low, result.estimate.high) == pytest.approx((low, high), abs=1e-9)
        assert result.n == len(answered)


def test_top2_on_five_points_counts_4_and_5_and_never_recodes():
    answers = crafted({"sat_overall": [5, 4, 3, 2, 1] * 10}, scale="scale5")
    result = metrics.item_result(answers, "sat_overall")
    assert result.estimate.share == pytest.approx(20 / 50)
    wrong = crafted({"sat_overall": [5, 4, 6] * 4}, scale="scale5")
    with pytest.raises(Exception, match="hors de l'échelle"):
        metrics.item_result(wrong, "sat_overall")


def test_an_item_with_fewer_than_min_cell_answers_is_withheld_with_a_sentence_why():
    n = 40
    shop = [4, 3, 4, 4, 2] + [pd.NA] * (n - 5)
    answers = crafted({"sat_overall": [4, 3] * (n // 2), "sat_shop": shop})
    result = metrics.item_result(answers, "sat_shop")
    assert result.status == metrics.TOO_FEW and result.estimate is None
    table = metrics.top2_table(answers, metrics.top2(answers))
    assert "sat_shop" not in set(table.table["key"])
    text = plain(narrative.top2(answers, metrics.top2(answers)))
    assert f"Non publiés (moins de {privacy.MIN_CELL} réponses) : la boutique." in text


def test_an_opinion_share_is_published_however_few_answer_outside_the_top_two_boxes():
    """Rating answers are opinions, not characteristics (docs/ARCHITECTURE.md, « Privacy »): 95 top-2
    answers and 5 others publish 95 %, which the old count rule (reveals_small_count) withheld."""
    answers = crafted({"sat_overall": [4] * 57 + [3] * 38 + [2] * 3 + [1] * 2})
    result = metrics.item_result(answers, "sat_overall")
    assert result.status == metrics.SHOWN and result.estimate.share == pytest.approx(95 / 100)
    low, high = proportion_confint(95, 100, alpha=0.05, method="wilson")
    assert (result.estimate.low, result.estimate.high) == pytest.approx((low, high), abs=1e-9)
    assert metrics.reveals_small_count(95, 100)  # the characteristic rule would have withheld it
    text = plain(narrative.top2(answers, metrics.top2(answers)))
    assert "95 % des visiteurs sont satisfaits ou très satisfaits" in text
    every = metrics.item_result(crafted({"sat_overall": [4] * 12}), "sat_overall")
    assert every.status == metrics.SHOWN and every.estimate.share == 1.0


def test_every_code_of_a_distribution_is_published_on_a_base_of_min_cell_answers():
    """A code with 3 answers (or none) is published once the item has at least MIN_CELL answers: each
    share recounted by hand, the whole adding up to 100 %."""
    values = [4] * 40 + [3] * 20 + [1] * 3
    dist = metrics.distribution(crafted({"sat_overall": values}), "sat_overall")
    assert dist.status == metrics.SHOWN and dist.n == len(values)
    assert "hidden" not in dist.table.columns
    counts = Counter(values)
    expected = {code: counts.get(code, 0) / len(values) for code in (4, 3, 2, 1)}
    assert dict(zip(dist.table["code"].astype(int), dist.table["share"])) == pytest.approx(expected)
    assert dist.table["share"].sum() == pytest.approx(1.0)
    few = [4] * (privacy.MIN_CELL - 2) + [1]
    assert metrics.distribution(crafted({"sat_overall": few}), "sat_overall").status == metrics.TOO_FEW
    base = [4] * (privacy.MIN_CELL - 1) + [1]
    assert metrics.distribution(crafted({"sat_overall": base}), "sat_overall").status == metrics.SHOWN


@needs_demo
@pytest.mark.parametrize("museum", demo_museums())
def test_no_opinion_statistic_of_a_demo_museum_rests_on_fewer_than_min_cell_answers(scope, museum):
    """Every published top-2-box, distribution and NPS rests on at least MIN_CELL answers (recounted
    from the answers), and every item with at least MIN_CELL answers on one scale has its top-2-box
    and distribution published with each code's weighted share recomputed by hand."""
    got = metrics.answers(scope.with_choice(museum=museum))
    for item in metrics.RATING_ITEMS:
        answered = got.frame[got.frame[item].notna()]
        n = len(answered)
        result, dist = metrics.item_result(got, item), metrics.distribution(got, item)
        if result.estimate is not None or dist.status == metrics.SHOWN:
            assert n >= privacy.MIN_CELL and result.n == dist.n == n, (museum, item)
        if n >= privacy.MIN_CELL and got.scales[item] != metrics.MIXED:
            assert result.status in (metrics.SHOWN, metrics.IMPRECISE), (museum, item)
            assert dist.status == metrics.SHOWN, (museum, item)
            w = answered["weight"].to_numpy(dtype=float)
            codes = answered[item].astype(int).to_numpy()
            shares = {int(c): float(w[codes == c].sum() / w.sum()) for c in dist.table["code"]}
            assert dict(zip(dist.table["code"].astype(int), dist.table["share"])) == pytest.approx(shares)
        elif n:
            assert result.estimate is None and dist.status != metrics.SHOWN, (museum, item)
    promoters = metrics.net_promoter(got)
    if promoters.status == metrics.SHOWN:
        assert promoters.n == int(got.frame[promoters.item].notna().sum()) >= privacy.MIN_CELL
    elif promoters.item is not None:
        assert promoters.status == metrics.TOO_FEW and promoters.n < privacy.MIN_CELL
    for cell in metrics.top2_table(got, metrics.top2(got)).cells:
        assert cell.n >= privacy.MIN_CELL, (museum, cell)


# --- NPS ----------------------------------------------------------------------------------------------


def test_nps_and_its_margin_by_hand():
    scores = [10, 9, 9, 8, 7, 6, 5, 10, 0, 9] * 5
    weights = [1.0, 2.0, 0.5, 1.0, 1.5, 1.0, 0.8, 1.2, 1.0, 2.0] * 5
    answers = crafted({"sat_overall": [4] * 50, "nps_score": scores}, weights=weights)
    result = metrics.net_promoter(answers)
    w, s = np.array(weights), np.array(scores)
    p = w[s >= 9].sum() / w.sum()
    d = w[s <= 6].sum() / w.sum()
    variance = (p + d - (p - d) ** 2) / kish(w)
    assert result.item == metrics.NPS_ITEM and result.n == 50
    assert result.nps.score == pytest.approx(100 * (p - d))
    assert result.margin == pytest.approx(100 * 1.959963984540054 * math.sqrt(variance))
    assert result.groups["passives"] == pytest.approx(1 - p - d)
    # 5 passives of 50: an opinion, published (the old count rule withheld the whole score)
    few = metrics.net_promoter(crafted({"sat_overall": [4] * 50, "nps_score": [10] * 25 + [8] * 5 + [3] * 20}))
    assert few.status == metrics.SHOWN and few.nps.score == pytest.approx(100 * (25 - 20) / 50)
    assert few.groups["passives"] == pytest.approx(5 / 50)
    under = crafted(
        {"sat_overall": [4] * 50, "nps_score": [10] * (privacy.MIN_CELL - 1) + [pd.NA] * (51 - privacy.MIN_CELL)}
    )
    assert metrics.net_promoter(under).status == metrics.TOO_FEW and metrics.net_promoter(under).nps is None


def test_nps_comes_from_recommend_when_it_was_asked_on_zero_to_ten():
    answers = crafted({"recommend": [10, 9, 3, 7] * 10})
    answers = metrics.Answers(
        answers.frame,
        answers.museum_id,
        answers.year,
        True,
        None,
        MappingProxyType({**answers.scales, "recommend": "scale0_10"}),
    )
    result = metrics.net_promoter(answers)
    assert result.item == metrics.RECOMMEND and result.nps.score == pytest.approx(25.0)
    assert metrics.net_promoter(crafted({"sat_overall": [4] * 20})).status == metrics.NOT_ASKED


# --- change since the previous season -----------------------------------------------------------------


def test_change_test_on_a_worked_example():
    """150 of 200 (75 %) then 170 of 200 (85 %), unweighted: SE = sqrt(.75 × .25/200 + .85 × .15/200)
    = 0.03969, z = 0.10/0.03969 = 2.52 > 1.96: a significant rise. 150 then 156 of 200: z = 0.71, within
    the margin of error."""
    before = crafted({"sat_overall": [4] * 150 + [2] * 50}, year=2025)
    after = crafted({"sat_overall": [4] * 170 + [2] * 30})
    change = next(c for c in metrics.changes(after, before) if c.item == "sat_overall")
    se = math.sqrt(0.75 * 0.25 / 200 + 0.85 * 0.15 / 200)
    assert change.status == metrics.COMPARED
    assert change.difference.standard_error == pytest.approx(se)
    assert change.difference.z == pytest.approx(0.10 / se)
    assert change.difference.significant
    text = plain(narrative.changes(after, before, [change]))
    assert "Satisfaction globale : 75 % en 2025, 85 % en 2026 (+10 points), hausse significative." in text
    flat = crafted({"sat_overall": [4] * 156 + [2] * 44})
    change = next(c for c in metrics.changes(flat, before) if c.item == "sat_overall")
    assert change.difference.z == pytest.approx(0.03 / math.sqrt(0.75 * 0.25 / 200 + 0.78 * 0.22 / 200))
    assert "écart dans la marge d'erreur" in plain(narrative.changes(flat, before, [change]))


def test_two_seasons_on_different_scales_get_the_warning_and_no_trend():
    before = crafted({"sat_overall": [4] * 150 + [2] * 50}, year=2025, scale="scale4")
    after = crafted({"sat_overall": [5] * 150 + [4] * 20 + [2] * 30}, scale="scale5")
    change = next(c for c in metrics.changes(after, before) if c.item == "sat_overall")
    assert change.status == metrics.SCALE_CHANGED and change.difference is None
    line = plain(narrative.changes(after, before, [change])).split("\n\n")[-1]
    assert line == (
        "Pas de tendance pour la visite dans son ensemble (échelles différentes : 4 points en 2025, 5 points en 2026 ; "
        "la comparaison n'est pas faite)."
    )


@needs_demo
def test_the_demo_museum_that_changed_scale_gets_the_warning_not_a_trend(scope):
    found = []
    for museum in demo_museums():
        mine = scope.with_choice(museum=museum)
        now = metrics.answers(mine)
        before = metrics.previous_answers(mine, now)
        if before is not None and now.scales.get("sat_overall") != before.scales.get("sat_overall"):
            found.append((museum, now, before))
    assert found, "the demo has a museum that changed scale between its last two seasons"
    for museum, now, before in found:
        changed = metrics.changes(now, before)
        scale_changed = [c for c in changed if c.status == metrics.SCALE_CHANGED]
        assert scale_changed, museum
        paragraphs = plain(narrative.changes(now, before, changed)).split("\n\n")
        for c in scale_changed:
            assert c.difference is None
            line = next(p for p in paragraphs if plain(c.warning("fr")) in p)
            assert narrative.labels.the(c.item) in line
            assert "significative" not in line and "marge d'erreur" not in line
        compared = {c.item for c in changed if c.status == metrics.COMPARED}
        assert not compared & {c.item for c in scale_changed}


# --- key drivers --------------------------------------------------------------------------------------


@needs_demo
@pytest.mark.parametrize("museum", demo_museums()[:3])
def test_driver_shares_sum_to_the_r2_of_statsmodels_wls(scope, museum):
    got = metrics.answers(scope.with_choice(museum=museum))
    result = metrics.key_drivers(got)
    assert result.status == metrics.SHOWN
    items = list(result.items)
    complete = got.frame[[metrics.OVERALL, *items, "weight"]].dropna()
    fit = sm.WLS(
        complete[metrics.OVERALL].astype(float),
        sm.add_constant(complete[items].astype(float)),
        weights=complete["weight"],
    ).fit()
    assert result.shapley.n_used == len(complete)
    assert result.shapley.r2 == pytest.approx(fit.rsquared, rel=1e-9)
    assert result.shapley.table["contribution"].sum() == pytest.approx(fit.rsquared, rel=1e-9)
    assert result.relative.table["contribution"].sum() == pytest.approx(fit.rsquared, rel=1e-6)
    rated = got.frame[got.frame[metrics.OVERALL].notna()]
    for item in result.left_out:
        assert rated[item].notna().mean() < metrics.DRIVER_MIN_ANSWERED


# --- the report for every demo museum -----------------------------------------------------------------


@needs_demo
@pytest.mark.timeout(900)
def test_the_report_of_every_demo_museum_runs_and_passes_the_disclosure_audit(tmp_path):
    """smq-analytics run audits each executed report (runner.audit_report) and does not write one that
    fails; every demo museum with a survey must come out « ok »."""
    command = [sys.executable, "-m", "smq_analytics.cli", "--db", str(DB), "run", "--notebook", "02_satisfaction"]
    done = subprocess.run([*command, "--out", str(tmp_path)], capture_output=True, text=True, timeout=840)
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    status = {r["museum"]: (r["status"], r["error"]) for r in manifest["reports"] if r["notebook"] == "02_satisfaction"}
    assert set(status) >= set(demo_museums()), done.stderr[-2000:]
    assert {m: s for m, s in status.items() if s[0] != "ok"} == {}, done.stdout[-2000:]


# --- a crafted tiny store -----------------------------------------------------------------------------


def test_a_crafted_tiny_store_withholds_the_item_under_min_cell(con, tmp_path):
    path = tmp_path / "sondage.csv"
    rows = []
    for i in range(30):
        rows.append(
            {
                "response_id": f"T{i}",
                "postal_code": "G1R 2L3",
                "country": "Canada",
                "overnight": "Non",
                "visit_date": f"2026-07-{1 + i % 28:02d}",
                "sat_overall": str(4 - i % 2),
                "sat_reception": str(4 - i % 3 if i % 3 < 2 else 3),
                "sat_shop": str(4) if i < 4 else "",
                "recommend": "4",
            }
        )
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    ingest_file(con, "survey", path, MUSEUM, year=2026)
    tiny = open_scope(MUSEUM, 2026, "fr", con=con)
    got = metrics.answers(tiny)
    assert got.n == 30
    # no attendance loaded: not weighted, every weight 1, and the note says why
    assert not got.weighted and (got.frame["weight"] == 1.0).all()
    assert got.note == metrics.UNWEIGHTED_WHY["no_attendance"]("fr")
    assert metrics.item_result(got, "sat_shop").status == metrics.TOO_FEW
    assert metrics.item_result(got, "sat_overall").status == metrics.SHOWN
    results = metrics.top2(got)
    assert "sat_shop" not in set(metrics.top2_table(got, results).table["key"])
    assert "Non publiés (moins de 10 réponses) : la boutique." in plain(narrative.top2(got, results))
    assert metrics.distribution(got, "sat_shop").status == metrics.TOO_FEW
    drivers = metrics.key_drivers(got)  # 30 complete cases: the minimum for one item
    assert drivers.items == ("sat_reception",) and drivers.left_out == ("sat_shop",)


def test_the_key_driver_sentence_names_the_method_and_agrees_with_the_item():
    rng = np.random.default_rng(7)
    exhibitions = rng.integers(1, 5, 300)
    reception = rng.integers(1, 5, 300)
    overall = np.clip(exhibitions + rng.integers(-1, 2, 300) * (rng.random(300) < 0.3), 1, 4)
    answers = crafted(
        {"sat_overall": list(overall), "sat_exhibitions": list(exhibitions), "sat_reception": list(reception)}
    )
    result = metrics.key_drivers(answers)
    fr, en = plain(narrative.drivers(answers, result, "fr")), plain(narrative.drivers(answers, result, "en"))
    assert "Méthode : décomposition de Shapley du R²." in fr
    assert "Les expositions pèsent le plus" in fr and "The exhibitions weigh most" in en
    reception_first = crafted(
        {
            "sat_overall": list(np.clip(reception, 1, 4)),
            "sat_exhibitions": list(exhibitions),
            "sat_reception": list(reception),
        }
    )
    assert "L'accueil pèse le plus" in plain(narrative.drivers(reception_first, metrics.key_drivers(reception_first)))


def test_each_published_bar_declares_its_base_for_the_runners_audit():
    answers = crafted(
        {"sat_overall": [4, 3, 2] * 20, "sat_reception": [4] * 30 + [pd.NA] * 30, "sat_shop": [4] * 5 + [pd.NA] * 55}
    )
    table = metrics.top2_table(answers, metrics.top2(answers))
    declared = {c.key: (c.population, c.state, c.n) for c in table.cells}
    assert declared == {
        "sat_overall": ("musee-test:2026:sat_overall", "shown", 60),
        "sat_reception": ("musee-test:2026:sat_reception", "shown", 30),
    }
    assert list(table.table["label"]) == ["Satisfaction globale · n = 60", "Accueil · n = 30"]
    figure = narrative.top2_chart(answers, metrics.top2(answers))
    assert len(figure.layout.meta["smq_cells"]) == 2


@needs_demo
def test_the_live_view_draws_the_top2_and_driver_charts(scope, monkeypatch):
    from smq_analytics import charts
    from smq_analytics.topics.satisfaction import view

    shown = []
    monkeypatch.setattr(charts, "show", shown.append)
    view.view(scope.with_choice(museum=demo_museums()[0]))
    assert [f.layout.title.text for f in shown if f is not None] == [
        narrative.labels.TITLE_TOP2("fr"),
        narrative.labels.TITLE_DRIVERS("fr"),
    ]
