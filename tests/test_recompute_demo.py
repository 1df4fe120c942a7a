"""The provenance report figures of every demo museum, recomputed from the raw demo files by an
independent path.

nbval and the report tests compare reruns with themselves. This test reads what the demo generator
wrote — the survey exports (four tools), their mapping files and the attendance files — with plain
csv / openpyxl / yaml and the CSVs of data/reference/, never through smq_analytics.ingest,
smq_analytics.codebook or the SQL views. It derives each respondent's provenance with its own
Python reading of the documented rule (smq_analytics/sql/models/macros/provenance_rules.sql, staging/stg_survey.sql,
data/reference/README.md « Distance parcourue »), recomputes the post-stratification weights from
the attendance files, and compares with what smq_analytics.topics.provenance.metrics publishes for the
latest season of every museum: counts, unweighted and weighted shares, Kish's effective n, Wilson
intervals (statsmodels), the data basis and the item problems of the provenance items.

The store's load ledger (file names, hashes, the season given at load) only says which files to read.
The store is SMQ_DB (else data/demo/demo.duckdb). The files are those next to it: SMQ_DEMO_DIR if set,
else the store's folder or one of its sub-folders, else smq_analytics.paths.demo_dir() — the first
whose files are byte for byte the ones the store's load ledger lists (so a store built with
`smq-analytics --db X/demo.duckdb demo --out X/files` is found too).

When a figure differs, the assertion message lists the respondents (file, spreadsheet row) whose
derivation differs from the store's survey_responses: the store is read there only to explain.
"""

from __future__ import annotations

import math
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

from smq_analytics import store
from smq_analytics.metrics import shares
from smq_analytics.topics.provenance import metrics as provenance
from smq_analytics.metrics.scope import open_scope

from recompute_support import (
    CV_IMPRECISE,
    TOLERANCE,
    PROVENANCE_ITEMS,
    _store_path,
    _ledger,
    MUSEUMS,
    _find_demo_files,
    Recomputed,
    recompute,
    visitor_factor,
)

# ==================================================================================================
# Fixtures
# ==================================================================================================

TABLES = {
    "categories": "category_shares",
    "admin_regions": "admin_region_shares",
    "tourist_regions": "tourist_region_shares",
    "provinces": "province_shares",
    "world_areas": "world_area_shares",
    "countries": "country_shares",
    "basis": "data_basis",
}


def published(db: str, museum_id: str) -> tuple[str, int, dict]:
    """What smq_analytics.topics.provenance.metrics publishes for the museum's latest season (run in a worker)."""
    scope = open_scope(museum=museum_id, db=db)
    try:
        return museum_id, scope.year, {name: getattr(provenance, function)(scope) for name, function in TABLES.items()}
    finally:
        scope.close()


def publish_all(db: Path, museums: list[str]) -> dict[str, tuple[int, dict]]:
    """The package's figures for every museum. Building one museum's report plan costs a few seconds of
    store queries and disclosure planning, so museums run in parallel worker processes when possible."""
    workers = min(len(museums), os.cpu_count() or 1, 4)
    if workers > 1:
        try:
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
                return {m: (year, tables) for m, year, tables in pool.map(published, [str(db)] * len(museums), museums)}
        except (OSError, BrokenProcessPool):
            pass  # no worker processes here: one after the other
    return {m: (year, tables) for m, year, tables in (published(str(db), m) for m in museums)}


@dataclass
class Demo:
    db: Path
    root: Path
    ledger: pd.DataFrame
    con: object  # read-only store connection: item problems, explanations
    mine: dict = field(default_factory=dict)
    package: dict = field(default_factory=dict)

    def recomputed(self, museum_id: str) -> Recomputed:
        if museum_id not in self.mine:
            self.mine[museum_id] = recompute(self.root, self.ledger, museum_id)
        return self.mine[museum_id]

    def season(self, museum_id: str) -> int:
        if not self.package:
            try:
                self.package = publish_all(self.db, MUSEUMS)
            except Exception as error:  # fail every test with it, without recomputing it each time
                self.package = {"error": error}
        if "error" in self.package:
            raise self.package["error"]
        return self.package[museum_id][0]

    def tables(self, museum_id: str) -> dict:
        self.season(museum_id)
        return self.package[museum_id][1]

    def explain(self, museum_id: str, columns: dict[str, str]) -> str:
        """Respondents whose derivation differs from the store's survey_responses (for messages only)."""
        mine = self.recomputed(museum_id)
        theirs = self.con.execute(
            "SELECT l.file_name, s.row_number, "
            + ", ".join(f"s.{c} AS store_{c}" for c in columns.values())
            + " FROM survey_responses s JOIN load_ledger l USING (load_id)"
            " WHERE s.museum_id = ? AND s.survey_year = ?",
            [museum_id, mine.year],
        ).df()
        merged = mine.responses.merge(theirs, on=["file_name", "row_number"], how="outer", indicator=True)
        lines = [f"{len(merged[merged['_merge'] != 'both'])} response(s) only on one side"]
        for own, theirs_column in columns.items():
            a = merged[own].astype(object).where(merged[own].notna(), None)
            b = merged[f"store_{theirs_column}"].astype(object).where(merged[f"store_{theirs_column}"].notna(), None)
            differ = [(x != y) for x, y in zip(a, b)]
            for row in merged[differ].head(8).itertuples(index=False):
                row = row._asdict()
                lines.append(
                    f"{row['file_name']} row {row['row_number']}: {own} mine={row[own]!r} "
                    f"store={row[f'store_{theirs_column}']!r}; postal={row['postal_code']!r} "
                    f"municipality={row['municipality']!r} province={row['province']!r} "
                    f"country={row['country']!r} overnight={row['overnight']!r} nights={row['nights']!r} "
                    f"self_report={row['lives_over_40km']!r} distance={row['distance_km']!r}"
                )
        return "\n".join(lines)


@pytest.fixture(scope="module")
def demo():
    db = _store_path()
    assert db.is_file(), f"demo store missing ({db}): build one (smq-analytics --db STORE demo)"
    ledger = _ledger(db)
    con = store.connect(db, read_only=True)
    try:
        yield Demo(db, _find_demo_files(db, ledger), ledger, con)
    finally:
        con.close()


EXPLAIN = {
    "category": "provenance_category",
    "admin": "admin_region_code",
    "tourist_region": "tourist_region_code",
    "province_resolved": "province",
    "country_resolved": "country",
    "distance_km": "distance_km",
}


# ==================================================================================================
# Checks
# ==================================================================================================

FOLDED = ("admin_regions", "tourist_regions", "provinces", "countries")  # a last « other » row folds the rest


def _folded_row(name: str, key: str) -> bool:
    return name.split()[-1] in FOLDED and key == shares.OTHER


def check_counts(result, keys: pd.Series, name: str, explain) -> None:
    """n of each shown cell, share_unweighted = n / base, the base and the non-response.

    keys: the table key of each respondent of the table's population (None = non-response); name ends
    with the table's name. In a folded table the « other » row holds base − the listed rows.
    """
    known = keys.dropna()
    counts = known.value_counts()
    if result.withheld_reason is not None:  # the disclosure plan withholds the whole table: nothing shown
        assert result.table.empty, name
        return
    assert (result.base_n, result.n_unknown) == (len(known), int(keys.isna().sum())), (
        f"{name}: base / unknown {(result.base_n, result.n_unknown)} != {(len(known), int(keys.isna().sum()))}\n"
        + explain()
    )
    table = result.table
    if table.empty:  # withheld for privacy or a base of 1 to 9: nothing to compare
        return
    listed = table[[not _folded_row(name, k) for k in table["key"]]]
    for row in table.itertuples(index=False):
        if pd.isna(row.n):
            assert row.suppressed, f"{name}: {row.key} has no n but is not suppressed"
            continue
        expected = len(known) - int(listed["n"].sum()) if _folded_row(name, row.key) else int(counts.get(row.key, 0))
        assert int(row.n) == expected, f"{name}: n[{row.key}] = {row.n}, recomputed {expected}\n" + explain()
        assert row.share_unweighted == pytest.approx(expected / len(known), abs=1e-12), (name, row.key)
        assert int(row.base_n) == len(known), (name, row.key)
    assert listed["key"].is_unique, name


def check_weighted(result, keys: pd.Series, weights: pd.Series, name: str) -> None:
    """Weighted shares, Kish's effective n and Wilson intervals, recomputed from the weights."""
    table = result.table
    if table.empty:
        return
    base = keys.notna()
    w = weights[base].astype(float)
    total = float(w.sum())
    n_eff = total**2 / float((w**2).sum())  # Kish
    assert table["weighted"].all(), name
    assert table["n_effective"].to_numpy(dtype=float) == pytest.approx(np.full(len(table), n_eff), rel=TOLERANCE), name
    by_key = w.groupby(keys[base]).sum()
    listed = table.loc[[not _folded_row(name, key) for key in table["key"]], "key"]
    for row in table.itertuples(index=False):
        wn = (
            total - float(by_key.reindex(listed).fillna(0).sum())
            if _folded_row(name, row.key)
            else float(by_key.get(row.key, 0.0))
        )
        share = wn / total
        cv = math.sqrt(share * (1 - share) / n_eff) / share if share > 0 else math.nan
        if row.suppressed:
            assert pd.isna(row.share), (name, row.key)
            continue
        if share == 0:  # an empty cell: 0 %, no CV
            assert row.share == 0 and (row.ci_low, row.ci_high) == pytest.approx(
                proportion_confint(0, n_eff, alpha=0.05, method="wilson"), abs=TOLERANCE
            ), (name, row.key)
            continue
        if pd.isna(row.share):  # imprecise: CV above 25 %, not shown
            assert cv > CV_IMPRECISE, f"{name}: share of {row.key} hidden, recomputed CV {cv:.4f}"
            continue
        assert cv <= CV_IMPRECISE, f"{name}: share of {row.key} shown, recomputed CV {cv:.4f}"
        assert row.share == pytest.approx(share, abs=TOLERANCE), f"{name}: share[{row.key}] {row.share} != {share}"
        low, high = proportion_confint(share * n_eff, n_eff, alpha=0.05, method="wilson")
        assert (row.ci_low, row.ci_high) == pytest.approx((low, high), abs=TOLERANCE), (name, row.key)


def _tables(mine: Recomputed) -> dict[str, pd.Series]:
    """The key of each respondent in each table's population (None = the table's non-response)."""
    r = mine.responses
    quebec = r["province_resolved"] == "QC"
    canada_outside = (r["country_resolved"] == "CA") & (r["province_resolved"] != "QC")
    abroad = r["country_resolved"].notna() & (r["country_resolved"] != "CA")
    return {
        "categories": r["category"].where(r["category"] != "unknown", None),
        "admin_regions": r.loc[quebec, "admin"],
        "tourist_regions": r.loc[quebec, "tourist_region"],
        "provinces": r.loc[canada_outside, "province_resolved"],
        "world_areas": r["world_area"],
        "countries": r.loc[abroad, "country_resolved"],
    }


def test_the_files_are_those_the_store_was_built_from(demo):
    assert MUSEUMS, f"no survey load in the store {demo.db}"
    folders = {p.name for p in demo.root.iterdir() if p.is_dir() and any(p.glob("sondage-*"))}
    assert folders == set(MUSEUMS), f"museum folders {sorted(folders)} != museums in the store {MUSEUMS}"


@pytest.mark.parametrize("museum_id", MUSEUMS)
def test_responses_basis_and_item_problems(demo, museum_id):
    mine = demo.recomputed(museum_id)
    assert demo.season(museum_id) == mine.year, "the latest season in the files is the report's season"
    basis = demo.tables(museum_id)["basis"]
    r = mine.responses
    dated = r["visit_date"].dropna()
    assert (basis.n_responses, basis.n_known, basis.n_undated) == (
        len(r),
        int((r["category"] != "unknown").sum()),
        int(r["visit_date"].isna().sum()),
    ), demo.explain(museum_id, EXPLAIN)
    assert (basis.first_visit, basis.last_visit) == (min(dated, default=None), max(dated, default=None))
    assert (basis.n_approximate_local, basis.n_approximate_excursionist) == (
        int((r["approximate_class"] & (r["category"] == "local")).sum()),
        int((r["approximate_class"] & (r["category"] == "excursionist")).sum()),
    ), demo.explain(museum_id, EXPLAIN)
    # rows with an invalid provenance item are kept with the item NULL, and the problem is recorded
    stored = demo.con.execute(
        "SELECT l.file_name, p.row_number, p.column_name FROM item_problems p JOIN load_ledger l USING (load_id)"
        " WHERE l.museum_id = ? AND l.survey_year = ? AND l.replaced_at IS NULL AND p.column_name IN ("
        + ", ".join("?" * len(PROVENANCE_ITEMS))
        + ")",
        [museum_id, mine.year, *PROVENANCE_ITEMS],
    ).fetchall()
    assert {(f, int(n), c) for f, n, c in stored} == mine.problems


@pytest.mark.parametrize("museum_id", MUSEUMS)
def test_category_shares(demo, museum_id):
    mine = demo.recomputed(museum_id)
    result = demo.tables(museum_id)["categories"]
    check_counts(
        result, _tables(mine)["categories"], f"{museum_id} categories", lambda: demo.explain(museum_id, EXPLAIN)
    )
    if not result.table.empty:
        assert list(result.table["key"]) == list(provenance.KNOWN_CATEGORIES)


@pytest.mark.parametrize("museum_id", MUSEUMS)
def test_region_province_and_world_area_shares(demo, museum_id):
    mine = demo.recomputed(museum_id)
    tables = demo.tables(museum_id)
    keys = _tables(mine)
    for name in ("admin_regions", "tourist_regions", "provinces", "world_areas", "countries"):
        check_counts(tables[name], keys[name], f"{museum_id} {name}", lambda: demo.explain(museum_id, EXPLAIN))
    world = tables["world_areas"].table
    if not world.empty:
        assert set(world["key"]) == set(provenance.WORLD_AREAS)


@pytest.mark.parametrize("museum_id", MUSEUMS)
def test_weighted_shares(demo, museum_id):
    mine = demo.recomputed(museum_id)
    tables = demo.tables(museum_id)
    weighting = tables["basis"].weighting
    simple = (
        weighting.weighted
        and not weighting.collapsed
        and not weighting.months_without_responses
        and not weighting.months_without_attendance
        and weighting.n_trimmed == 0
    )
    assert simple == mine.simple_weighting, (
        f"package weighting simple={simple} ({weighting.reason}, {len(weighting.merges)} merges, "
        f"{weighting.n_trimmed} trimmed); recomputed simple={mine.simple_weighting} {mine.why_not_simple}"
    )
    # every demo museum's weights are recomputed (simple, or small months collapsed); a demo change that
    # needs imputation or trimming must extend recompute_support.recompute, not skip
    assert mine.recomputed_weights, mine.why_not_simple
    assert {m: s.weight for s in weighting.strata for m in s.months} == pytest.approx(
        {m: w for m, w in mine.month_weight.items() if m}, rel=TOLERANCE
    )
    strata = mine.responses["month"].map(mine.stratum_of)
    weights = mine.responses["month"].map(mine.month_weight) * visitor_factor(mine.responses, strata)
    keys = _tables(mine)
    for name, key in keys.items():
        check_weighted(tables[name], key, weights.loc[key.index], f"{museum_id} {name}")


def test_at_least_half_the_museums_have_a_simple_weighting(demo):
    simple = [m for m in MUSEUMS if demo.recomputed(m).simple_weighting]
    assert 2 * len(simple) >= len(MUSEUMS), {m: demo.recomputed(m).why_not_simple for m in MUSEUMS}
