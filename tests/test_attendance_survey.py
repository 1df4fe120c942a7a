"""Sections 6 to 9 of the attendance workbook (notebooks/03_attendance.ipynb): the survey season beside
attendance, recomputed by an independent path.

The demo figures are recomputed from the raw demo files (survey exports read with their mapping files,
attendance and desk-count files; tests/demo_files_support.py and the provenance reader of
tests/recompute_support.py, never smq_analytics.ingest nor the SQL views): visitors by category
(attendance of the surveyed months × shares post-stratified month by month, Wilson intervals from
statsmodels on Kish's n), the tourists-attracted estimate, the desk-count shares. Hand-built cases
check the tourists-attracted identity, emission factors × distances and the privacy rules. Every demo
museum's report runs and passes the runner's audit; a museum with attendance but no survey reads one
sentence per section; English output is English.
"""

from __future__ import annotations

import csv
import json
import math
import subprocess
import sys
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from statsmodels.stats.proportion import proportion_confint

from demo_files_support import fold, read_attendance, read_desk_counts, survey_files
from smq_analytics import paths, store
from smq_analytics.ingest import ingest_file
from smq_analytics.metrics.scope import open_scope
from smq_analytics.topics.attendance import (
    desk,
    emission_factors,
    footprint,
    survey,
    survey_charts,
    survey_narrative,
    visitors,
)

pytestmark = pytest.mark.timeout(600)

DB = paths.default_db()
CODEBOOK = paths.reference_dir() / "codebook.yaml"
MIN_CELL = 10  # docs/ARCHITECTURE.md, « Privacy »
OCCUPANCY_CAP = 5  # footprint.py's documented rule: a party larger than 5 needs more than one car
needs_demo = pytest.mark.skipif(not DB.is_file(), reason="demo store needed (SMQ_DB)")


# ==================================================================================================
# The demo files, read independently
# ==================================================================================================


@pytest.fixture(scope="module")
def demo():
    import recompute_support as provenance_reader

    ledger = provenance_reader._ledger(DB)
    root = provenance_reader._find_demo_files(DB, ledger)
    return provenance_reader, ledger, root


def _trip_reasons(reader_module, root: Path, ledger: pd.DataFrame, museum: str, year: int) -> pd.DataFrame:
    """(file_name, row_number, trip_reason) of a season's exports: the codebook's codes and labels,
    then the mapping's own labels, folded; anything else is read as missing."""
    codebook = yaml.safe_load(CODEBOOK.read_text(encoding="utf-8"))
    codes = codebook["items"]["trip_reason"]["codes"]
    loads = ledger[(ledger["museum_id"] == museum) & (ledger["source"] == "survey")].set_index("file_name")
    frames = []
    for path, mapping in survey_files(root / museum, year):
        season = loads.loc[path.name, "survey_year"]
        reader = reader_module.SurveyReader(path, mapping, None if pd.isna(season) else int(season))
        index = {fold(code): code for code in codes}
        index.update({fold(text): code for code, names in codes.items() for text in names.values()})
        for code, texts in ((reader.mapping.get("labels") or {}).get("trip_reason") or {}).items():
            index.update({fold(text): code for text in texts})
        frame = reader.responses()[["row_number", "survey_year"]].assign(
            file_name=path.name, trip_reason=reader.lookup("trip_reason", index)
        )
        frames.append(frame[frame["survey_year"] == year])
    return pd.concat(frames, ignore_index=True)


def _hand(reader_module, root, ledger, museum: str):
    """The museum's latest season from its files: responses with category, month and weight W (month
    weight × visitor factor, as documented), and the attendance of the surveyed months."""
    mine = reader_module.recompute(root, ledger, museum)
    responses = mine.responses.copy()
    responses["W"] = responses["month"].map(mine.month_weight) * reader_module.visitor_factor(responses)
    attendance = read_attendance(
        [
            root / museum / name
            for name in ledger.loc[(ledger["museum_id"] == museum) & (ledger["source"] == "attendance"), "file_name"]
        ]
    )
    months = sorted(set(responses["month"]) - {""})
    return mine, responses, int(sum(attendance.get(m, 0) for m in months)), months


def _wilson(share: float, weights: np.ndarray) -> tuple[float, float, float]:
    n_eff = weights.sum() ** 2 / (weights**2).sum()
    low, high = proportion_confint(share * n_eff, n_eff, alpha=0.05, method="wilson")
    return float(low), float(high), float(n_eff)


def _step(low: float, high: float) -> int:
    """The documented rounding: half a power of ten of the interval's half-width, at least 10."""
    half = max((high - low) / 2, 10.0)
    return max(10, int(10 ** math.floor(math.log10(half)) / 2))


def _round(value: float, step: int) -> int:
    return int(step * math.floor(value / step + 0.5))


def _simple_museums(reader_module, root, ledger) -> list[str]:
    """Museums whose latest season needs no collapsing, imputation or trimming (the per-month
    post-stratification can then be written out by hand)."""
    museums = sorted(set(ledger.loc[ledger["source"] == "survey", "museum_id"]))
    return [m for m in museums if reader_module.recompute(root, ledger, m).simple_weighting]


# ==================================================================================================
# 7. visitors by category
# ==================================================================================================


@needs_demo
def test_visitors_by_category_are_attendance_times_month_weighted_shares_for_two_museums(demo):
    reader_module, ledger, root = demo
    museums = _simple_museums(reader_module, root, ledger)[:2]
    assert len(museums) == 2, "two demo museums with a simple weighting are needed"
    for museum in museums:
        mine, responses, attendance, months = _hand(reader_module, root, ledger, museum)
        scope = open_scope(museum, 0, "fr", str(DB), needs_survey=False)
        try:
            plan = survey.survey_plan(scope)
            assert plan is not None and plan.season == mine.year
            assert plan.attendance == attendance and list(plan.months) == months
            result = visitors.by_category(scope)
        finally:
            scope.close()
        known = responses[responses["category"].isin(["local", "excursionist", "tourist"])]
        weights = known["W"].to_numpy(dtype=float)
        table = result.table.set_index("key")
        for category in ("local", "excursionist", "tourist"):
            row = table.loc[category]
            n = int((known["category"] == category).sum())
            if 0 < n < MIN_CELL:
                assert pd.isna(row["visitors"]), (museum, category, "a cell of 1 to 9 respondents is withheld")
                continue
            if pd.isna(row["visitors"]):
                continue  # withheld as a complement by the report's plan
            share = float(known.loc[known["category"] == category, "W"].sum() / weights.sum())
            low, high, _ = _wilson(share, weights)
            assert row["share"] == pytest.approx(share, rel=1e-9), (museum, category)
            assert (row["ci_low"], row["ci_high"]) == pytest.approx((low, high), rel=1e-9)
            step = _step(attendance * low, attendance * high)
            expected = (
                _round(attendance * share, step),
                _round(attendance * low, step),
                _round(attendance * high, step),
            )
            assert (row["visitors"], row["low"], row["high"]) == expected, (museum, category)


def test_estimates_are_rounded_to_what_their_interval_supports():
    assert survey.rounding_step(21_432, 26_511) == 500
    assert _step(21_432, 26_511) == 500
    assert survey.round_to(23_871, 500) == 24_000
    assert survey.rounding_step(3, 9) == 10  # never finer than ten visitors


# ==================================================================================================
# 8. tourism role: the tourists-attracted estimate
# ==================================================================================================


def _hand_frame() -> pd.DataFrame:
    rows = []
    rows += [("tourist", "main", 2.0)] * 12 + [("tourist", "one_of", 2.0)] * 10 + [("tourist", "not_a_reason", 2.0)] * 8
    rows += [("local", "not_a_reason", 1.0)] * 20
    rows += [("excursionist", "main", 1.0)] * 10 + [("excursionist", "one_of", 1.0)] * 5
    rows += [("unknown", "main", 1.0)] * 5 + [("tourist", None, 3.0)] * 4
    return pd.DataFrame(rows, columns=["category", "trip_reason", "W"])


def test_tourists_attracted_on_a_hand_computed_case():
    frame = _hand_frame()
    role = visitors.role_of(frame, attendance=10_000, weighted=True)
    # base: category and trip reason both known -> 30 tourists (W 2), 20 locals, 15 excursionists (W 1)
    base_w = np.array([2.0] * 30 + [1.0] * 35)
    joint = 24 / 95  # 12 tourists × 2 who came mainly for the museum, over 60 + 20 + 15
    low, high, n_eff = _wilson(joint, base_w)
    assert role.joint.share == pytest.approx(joint)
    assert (role.joint.low, role.joint.high) == pytest.approx((low, high))
    assert role.joint.n_effective == pytest.approx(95**2 / 155)
    # the identity the report states: joint = tourist share × main-reason share among tourists
    assert role.tourist_share.share == pytest.approx(60 / 95)
    assert role.main_among_tourists.share == pytest.approx(24 / 60)
    assert role.joint.share == pytest.approx(role.tourist_share.share * role.main_among_tourists.share)
    assert role.attracted.value == pytest.approx(10_000 * joint)
    assert (role.attracted.low, role.attracted.high) == pytest.approx((10_000 * low, 10_000 * high))
    # 5 excursionists gave « one of the reasons »: both excursionist shares would give them away
    assert not role.groups["excursionist"]["one_of"].published
    assert not role.groups["excursionist"]["main"].published
    assert role.groups["tourist"]["main"].share == pytest.approx(12 / 30)
    text = str(survey_narrative.role(role, "fr"))
    value, low_r, high_r = role.attracted.rounded
    assert role.joint.quality == "caution"  # coefficient of variation between 15 % and 25 %
    assert (
        f"environ {value:,}\u00a0touristes ({low_r:,} à {high_r:,}".replace(",", "\u00a0")
        + ", à interpréter avec prudence)"
        in text
    )
    assert "Pour les excursionnistes, ces parts ne sont pas publiées" in text
    # the tourists' main-reason share is the one the estimate uses; « one of the reasons » is too imprecise
    assert not role.groups["tourist"]["one_of"].published
    assert "Pour 40\u00a0% des touristes (IC à 95\u00a0%" in text


def test_a_share_resting_on_fewer_than_ten_respondents_is_withheld():
    w = pd.Series([1.0] * 9)
    share = survey.weighted_share(w, pd.Series([True] * 9), pd.Series([True] * 3 + [False] * 6))
    assert not share.published and share.reason == survey.SMALL_BASE and math.isnan(share.share)


@needs_demo
def test_tourists_attracted_on_a_demo_museum_match_the_raw_files(demo):
    reader_module, ledger, root = demo
    museum = _simple_museums(reader_module, root, ledger)[0]
    mine, responses, attendance, _ = _hand(reader_module, root, ledger, museum)
    reasons = _trip_reasons(reader_module, root, ledger, museum, mine.year)
    frame = responses.merge(reasons[["file_name", "row_number", "trip_reason"]], on=["file_name", "row_number"])
    assert len(frame) == len(responses)
    answered = frame["trip_reason"].notna() & frame["category"].isin(["local", "excursionist", "tourist"])
    hits = answered & (frame["category"] == "tourist") & (frame["trip_reason"] == "main")
    joint = float(frame.loc[hits, "W"].sum() / frame.loc[answered, "W"].sum())
    low, high, _ = _wilson(joint, frame.loc[answered, "W"].to_numpy(dtype=float))
    scope = open_scope(museum, 0, "fr", str(DB), needs_survey=False)
    try:
        role = visitors.tourism_role(scope)
    finally:
        scope.close()
    assert role.n_answered == int(answered.sum())
    assert role.joint.share == pytest.approx(joint, rel=1e-9)
    assert (role.joint.low, role.joint.high) == pytest.approx((low, high), rel=1e-9)
    assert role.attracted.value == pytest.approx(attendance * joint, rel=1e-9)


# ==================================================================================================
# 9. travel footprint: emission factors × distances
# ==================================================================================================


def _factors_from_csv() -> dict[str, tuple[float, str]]:
    with (paths.reference_dir() / "emission_factors.csv").open(encoding="utf-8", newline="") as handle:
        return {row["mode"]: (float(row["factor"]), row["unit"]) for row in csv.DictReader(handle)}


def test_emissions_are_round_trip_distance_times_the_published_factor():
    raw = _factors_from_csv()
    rows = []
    for i in range(10):
        rows.append(("car", 100.0 + i, 2, "main"))
        rows.append(("car", 60.0, 8, "one_of"))  # 8 people: 5 seats, the rule caps the occupancy
        rows.append(("train", 200.0 + 10 * i, 1, "main"))
        rows.append(("walk", 3.0, 1, "not_a_reason"))
    rows.append(("car", 50.0, None, "main"))  # no party size: the mean capped size of the others
    rows.append(("other", 30.0, 2, "main"))  # no factor: counted apart
    rows.append(("plane", None, 1, "main"))  # no distance: not covered
    frame = pd.DataFrame(rows, columns=["transport_mode", "distance_km", "party_size", "trip_reason"])
    frame["W"] = 1.0
    attendance = len(frame)  # each response stands for one visitor
    result = footprint.compute(frame, attendance, emission_factors.load())
    mean_seats = (
        10 * 2 + 10 * 5 + 10 * 1 + 10 * 1 + 2 + 1
    ) / 42  # every capped size given: cars, train, walk, other, plane
    car_kg = sum(2 * (100 + i) * raw["car"][0] / 2 for i in range(10)) + 10 * 2 * 60 * raw["car"][0] / OCCUPANCY_CAP
    car_kg += 2 * 50 * raw["car"][0] / mean_seats
    train_kg = sum(2 * (200 + 10 * i) * raw["train"][0] for i in range(10))
    table = result.table.set_index("key")
    assert raw["car"][1] == emission_factors.PER_VEHICLE and raw["train"][1] == emission_factors.PER_PASSENGER
    assert table.loc["car", "tonnes"] == pytest.approx(car_kg / 1000)
    assert table.loc["train", "tonnes"] == pytest.approx(train_kg / 1000)
    assert table.loc["walk", "tonnes"] == 0
    assert "other" not in table.index and "plane" not in table.index
    assert result.total_tonnes == pytest.approx((car_kg + train_kg) / 1000)
    assert result.coverage == pytest.approx(41 / 43)
    assert table.loc["train", "round_trip_km"] == pytest.approx(2 * np.mean([200 + 10 * i for i in range(10)]))
    main_kg = sum(2 * (100 + i) * raw["car"][0] / 2 for i in range(10)) + 2 * 50 * raw["car"][0] / mean_seats + train_kg
    assert result.attributed == pytest.approx(main_kg / 1000)
    assert result.attributed + result.not_attributed == pytest.approx(result.total_tonnes)
    assert result.other_share is None  # one « other » respondent: no share that would single them out


def test_a_mode_with_fewer_than_ten_respondents_is_in_no_figure():
    frame = pd.DataFrame(
        [("car", 80.0, 2, "main")] * 12 + [("coach", 300.0, 30, "one_of")] * 3 + [("walk", 2.0, 1, "one_of")] * 10,
        columns=["transport_mode", "distance_km", "party_size", "trip_reason"],
    ).assign(W=1.0)
    result = footprint.compute(frame, 100, emission_factors.load())
    assert set(result.table["key"]) == {"car", "walk"} and result.n_left_out == 3
    text = str(survey_narrative.footprint(result, "fr"))
    assert "moins de 10 répondants" in text
    # the source is named with its year and site, never as an address (a report carries no URL)
    assert "conversion factors (2025), publiés sur www.gov.uk" in text and "://" not in text


def test_the_emission_factor_file_names_its_source_and_every_problem_is_reported(tmp_path):
    factors = emission_factors.load()
    assert all(f.url.startswith("https://") and f.source and f.year for f in factors.values())
    assert "walk" not in factors and "bicycle" not in factors and "other" not in factors
    bad = tmp_path / "emission_factors.csv"
    bad.write_text(
        "mode,factor,unit,source,year,url,note\n"
        "car,-1,kg CO2e/vehicle-km,S,2025,https://example.org,\n"
        "rocket,0.5,kg CO2e/passenger-km,S,20x5,http://example.org,\n",
        encoding="utf-8",
    )
    with pytest.raises(emission_factors.EmissionFactorError) as error:
        emission_factors.parse(bad)
    french, english = error.value.message.fr, error.value.message.en
    assert "ligne 2, colonne factor" in french and "ligne 3, colonne mode" in french
    assert "ligne 3, colonne year" in french and "ligne 3, colonne url" in french
    assert "line 2, column factor" in english


# ==================================================================================================
# 6. desk counts
# ==================================================================================================


@needs_demo
def test_desk_count_shares_match_the_raw_desk_files(demo):
    reader_module, ledger, root = demo
    museums = sorted(m.name for m in root.iterdir() if m.is_dir() and any(m.glob("comptage-provenance-*")))
    assert museums, "the demo has desk-count files"
    for museum in museums:
        mine, _, _, months = _hand(reader_module, root, ledger, museum)
        tallies = read_desk_counts(sorted((root / museum).glob("comptage-provenance-*")), CODEBOOK)
        span = [str(p) for p in pd.period_range(months[0], months[-1], freq="M")]
        in_season = {k: v for k, v in tallies.items() if k[0] in span}
        known = sum(v for (_, code), v in in_season.items() if code != "unknown")
        scope = open_scope(museum, 0, "fr", str(DB), needs_survey=False)
        try:
            result = desk.compare(scope)
        finally:
            scope.close()
        assert result.season == mine.year
        assert result.desk_known == known
        assert result.desk_unknown == sum(v for (_, code), v in in_season.items() if code == "unknown")
        if result.reason is None:
            for row in result.table.itertuples():
                expected = sum(v for (_, code), v in in_season.items() if code == row.key) / known
                assert row.desk_share == pytest.approx(expected), (museum, row.key)
                if not pd.isna(row.survey_share):
                    assert bool(row.within) == (row.ci_low <= row.desk_share <= row.ci_high)


# ==================================================================================================
# The report: every demo museum, no survey, English
# ==================================================================================================


@needs_demo
@pytest.mark.timeout(900)
def test_the_report_of_every_demo_museum_runs_and_passes_the_audit(tmp_path):
    out = tmp_path / "reports"
    command = [sys.executable, "-m", "smq_analytics.cli", "--db", str(DB), "run", "--notebook", "03_attendance"]
    done = subprocess.run(command + ["--out", str(out)], capture_output=True, text=True, timeout=840)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    with store.open_store(DB, read_only=True) as con:
        museums = set(con.execute("SELECT DISTINCT museum_id FROM attendance_monthly").df()["museum_id"])
    entries = [r for r in manifest["reports"] if r["notebook"] == "03_attendance"]
    assert {r["museum"] for r in entries} == museums
    assert all(r["status"] == "ok" for r in entries), [(r["museum"], r["error"]) for r in entries]


def _texts(nb: dict) -> str:
    return "\n".join(
        "".join(o.get("data", {}).get("text/plain", "")) for c in nb["cells"] for o in c.get("outputs", []) or []
    )


def test_a_museum_with_attendance_and_no_survey_gets_one_sentence_per_survey_section(tmp_path):
    from smq_analytics.report.runner import audit_report, execute

    db = tmp_path / "t.duckdb"
    con = store.connect(db, read_only=False)
    con.execute(
        "INSERT INTO museums (museum_id, name, museum_type, size_class, admin_region_code, tourist_region_code,"
        " municipality, latitude, longitude, fiscal_year_start_month)"
        " VALUES ('musee-sans-sondage', 'Musée sans sondage', 'history', 'small', '03', 'TR04', 'Québec', 46.81, -71.21, 1)"
    )
    months = [date(2025, m, 1) for m in range(1, 13)]
    source = tmp_path / "frequentation.csv"
    source.write_text("Mois,Fréquentation\n" + "".join(f"{m:%Y-%m},{500 + i}\n" for i, m in enumerate(months)))
    ingest_file(con, "attendance", source, "musee-sans-sondage")
    con.close()
    out = tmp_path / "03.ipynb"
    execute(paths.notebooks_dir() / "03_attendance.ipynb", out, {"museum": "musee-sans-sondage", "db": str(db)})
    nb = json.loads(out.read_text(encoding="utf-8"))
    audit_report(nb, db)
    text = _texts(nb)
    assert "Aucun sondage n'est chargé pour l'été 2025, la saison qui accompagne l'exercice 2025" in text
    for narrative in (
        survey_narrative.desk(desk._empty(desk.NO_SURVEY, None), "fr"),
        survey_narrative.visitors(visitors.CategoryVisitors(visitors.NO_SURVEY, None, (), 0, (), None, pd.DataFrame())),
        survey_narrative.role(visitors.TourismRole(visitors.NO_SURVEY, None, 0, False), "fr"),
        survey_narrative.footprint(footprint.Footprint(footprint.NO_SURVEY, None, 0), "fr"),
    ):
        assert len(narrative.paragraphs) == 1 and str(narrative) in text
    section_cells = [c for c in nb["cells"] if c["cell_type"] == "code" and "survey_" in "".join(c["source"])]
    figures = [
        o for c in section_cells for o in c.get("outputs", []) if "application/vnd.plotly.v1+json" in o.get("data", {})
    ]
    assert figures == []  # one sentence, no chart


@needs_demo
def test_the_survey_sections_read_in_english(tmp_path):
    from smq_analytics.report.runner import audit_report, execute

    with store.open_store(DB, read_only=True) as con:
        museum = con.execute("SELECT min(museum_id) FROM desk_counts").fetchone()[0]
    out = tmp_path / "03-en.ipynb"
    execute(paths.notebooks_dir() / "03_attendance.ipynb", out, {"museum": museum, "db": str(DB), "language": "en"})
    nb = json.loads(out.read_text(encoding="utf-8"))
    audit_report(nb, DB)
    text = _texts(nb)
    for english in (
        "The survey that goes with fiscal year",
        "At the front desk,",
        "Estimate: attendance",
        "Method: road distance",
    ):
        assert english in text
    for french in ("Le sondage qui accompagne", "À l'accueil,", "Estimation :", "Méthode :", " selon le sondage"):
        assert french not in text
    titles = [
        o["data"]["application/vnd.plotly.v1+json"]["layout"]["title"]["text"]
        for c in nb["cells"]
        for o in c.get("outputs", [])
        if "application/vnd.plotly.v1+json" in o.get("data", {})
    ]
    assert "Origin: front-desk count and survey" in titles and "Estimated visitors by category" in titles


@needs_demo
def test_the_category_chart_declares_the_cells_the_report_plan_publishes():
    with store.open_store(DB, read_only=True) as con:
        museum = con.execute("SELECT min(museum_id) FROM survey_responses").fetchone()[0]
    scope = open_scope(museum, 0, "fr", str(DB), needs_survey=False)
    try:
        result = visitors.by_category(scope)
        figure = survey_charts.visitors_figure(result, "fr")
    finally:
        scope.close()
    if result.reason is None:
        declared = figure.layout.meta["smq_cells"]
        assert declared and {c["table"] for c in declared} == {survey.CATEGORY_TABLE}
        assert all(c["where"]["category"] for c in declared)


@pytest.mark.parametrize(
    ("start", "fiscal_year", "season"),
    [(1, 2026, 2026), (4, 2026, 2025), (4, 2027, 2026), (8, 2026, 2025), (9, 2026, 2026)],
)
def test_the_season_of_a_fiscal_year_is_the_one_whose_august_falls_in_it(start, fiscal_year, season):
    # fiscal years are named by the calendar year they end in: with start 4, 2026 = April 2025 – March 2026
    assert survey.season_for(fiscal_year, (2024, 2025, 2026), start) == season
    assert survey.season_for(fiscal_year, (2020,), start) is None


def _desk_key(row) -> str | None:
    """The desk grid's origin of one respondent, from the documented mapping (survey.py, desk.py)."""
    province = row["province_resolved"] if pd.notna(row["province_resolved"]) else None
    country = row["country_resolved"] if pd.notna(row["country_resolved"]) else None
    if row["category"] == "local":
        return "local"
    if row["category"] not in ("excursionist", "tourist"):
        return None
    if province == "QC":
        return "quebec_other"
    if country == "CA" and province:
        return "other_province"
    if country == "US":
        return "united_states"
    if country and country != "CA":
        return "other_country"
    return None


@needs_demo
def test_the_survey_side_of_the_desk_grid_counts_the_respondents_the_raw_files_give(demo):
    reader_module, ledger, root = demo
    museum = sorted(m.name for m in root.iterdir() if m.is_dir() and any(m.glob("comptage-provenance-*")))[0]
    mine, responses, _, _ = _hand(reader_module, root, ledger, museum)
    keys = responses.apply(_desk_key, axis=1)
    scope = open_scope(museum, 0, "fr", str(DB), needs_survey=False)
    try:
        plan = survey.survey_plan(scope)
    finally:
        scope.close()
    rows = {row.key: row.n for row in plan.tables[survey.DESK_TABLE].rows}
    assert rows == {key: int((keys == key).sum()) for key in survey.DESK_KEYS}
    # every cell of 1 to 9 respondents is withheld; what the plan publishes passes the audit
    assert all(row.withheld for row in plan.tables[survey.DESK_TABLE].rows if 0 < row.n < MIN_CELL)


def _contrast(a: str, b: str) -> float:
    """WCAG 2.x contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@needs_demo
def test_the_survey_section_charts_keep_3_to_1_contrast_for_bars_and_whiskers():
    with store.open_store(DB, read_only=True) as con:
        museum = con.execute("SELECT min(museum_id) FROM desk_counts").fetchone()[0]
    scope = open_scope(museum, 0, "fr", str(DB), needs_survey=False)
    try:
        trips = footprint.footprint(scope)
        figures = [
            survey_charts.desk_figure(desk.compare(scope), "fr"),
            survey_charts.visitors_figure(visitors.by_category(scope), "fr"),
            survey_charts.role_figure(visitors.tourism_role(scope), "fr"),
            survey_charts.distance_figure(trips, "fr"),
            survey_charts.emissions_figure(trips, "fr"),
        ]
    finally:
        scope.close()
    bars = [t for f in figures if f is not None for t in f.data if t.type == "bar"]
    assert bars
    for trace in bars:
        assert _contrast(trace.marker.color, "#ffffff") >= 3, trace.name
        if trace.error_x is not None and trace.error_x.array is not None:
            assert _contrast(trace.error_x.color, trace.marker.color) >= 3, trace.name


def test_unweighted_role_shares_say_they_are_shares_of_respondents():
    role = visitors.role_of(_hand_frame(), attendance=0, weighted=False, estimates=False)
    text = str(survey_narrative.role(role, "fr"))
    assert "elles ne sont pas pondérées (parts des répondants)" in text
    assert "n'est pas estimé : les réponses ne sont pas pondérées" in text.replace("\u00a0", " ")
    assert "they are not weighted" in str(survey_narrative.role(role, "en"))
