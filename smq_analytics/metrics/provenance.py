"""Where visitors come from: local / excursionist / tourist shares, regions, provinces, countries,
the trend over seasons and the comparison with the other museums, for one museum and season.

Each question is one named query in sql/metrics/ returning counts per post-stratification cell
(museum × season × visit month) — a few dozen rows. What may be published is decided once for the
whole report (report_plan → disclosure.plan): every cell of 1 to 9 respondents is withheld, and more
cells are withheld until no small group can be rebuilt from all the report's figures together (the
linked tables: world area ⊃ country, Canada ⊃ province ⊃ Quebec region, administrative ↔ tourist
regions, totals). Python then weights the cells to monthly attendance (post-stratification),
computes shares with Wilson intervals on Kish's effective n, and returns tables whose withheld
cells have no values. Each table carries the cells it publishes, so that the runner can audit the
executed report (docs/ARCHITECTURE.md, « Privacy »).

Non-response (provenance, region, province or country not known) is left out of the base of each
table and reported apart: it describes the questionnaire, not the visitors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Callable

import numpy as np
import pandas as pd

from .. import disclosure, labels, privacy, stats, store
from ..i18n import Message
from ..weighting import (MONTHS_MISSING, NO_ATTENDANCE, NO_DATES, NO_RESPONSES, WEIGHTED,  # noqa: F401
                         UnitOfAnalysis, Weighting, unit_of_analysis, weighting_for)
from .scope import Scope, connection

STRATUM = ["museum_id", "survey_year", "month"]
UNKNOWN = "unknown"
KNOWN_CATEGORIES = ("local", "excursionist", "tourist")
CATEGORIES = (*KNOWN_CATEGORIES, UNKNOWN)
WORLD_AREAS = tuple(labels.WORLD_AREAS)
OTHER = "other"
TOP_ROWS = 10
VALUE_COLUMNS = ["n", "share_unweighted", "share", "ci_low", "ci_high"]
TABLE_COLUMNS = ["key", "label", *VALUE_COLUMNS, "suppressed", "suppression_reason", "caution", "imprecise",
                 "base_n", "n_effective", "weighted"]

@dataclass(frozen=True)
class ShareTable:
    """Shares of a partition of respondents, confidentiality rules already applied.

    table columns: key, label, n, share_unweighted, share (weighted when weighted), ci_low, ci_high,
    suppressed, suppression_reason, caution, base_n, n_effective, weighted — plus survey_year for
    trends. Withheld cells have missing values. cells: what the table publishes (for the audit).
    too_small: the base has 1 to 9 respondents — nothing of the table is shown.
    """

    table: pd.DataFrame
    base_n: int                 # respondents in the base (known key)
    n_unknown: int              # respondents left out of the base (key not known)
    weighting: Weighting | None
    available: bool = True      # False: sector figure withheld
    n_museums: int | None = None
    cells: tuple = ()
    too_small: bool = False
    counts_published: bool = True   # False for the other museums: shares only
    withheld_reason: str | None = None


@dataclass(frozen=True)
class DataBasis:
    museum_id: str
    museum_name: str
    year: int
    n_responses: int
    n_known: int
    n_undated: int
    first_visit: date | None
    last_visit: date | None
    weighting: Weighting
    seasons: tuple[int, ...] = field(default_factory=tuple)
    n_approximate_local: int = 0          # locals placed from an approximate location
    n_approximate_excursionist: int = 0   # excursionists placed from an approximate location
    n_local: int | None = None            # locals, when the plan publishes their count
    unit: UnitOfAnalysis | None = None    # visitors (party sizes) or parties (respondents)


# --- weighting (smq_analytics.weighting) ------------------------------------------------------------

def unit_for(scope_con, museum_id: str | None, year: int, exclude: str | None = None) -> UnitOfAnalysis:
    """Whether a population's figures count visitors (party sizes given often enough) or parties."""
    sizes = store.query(scope_con, "metrics/party_sizes", {"museum_id": museum_id, "year": year, "exclude": exclude})
    return unit_of_analysis(sizes["party_size"])


def _party(unit: UnitOfAnalysis) -> dict:
    """The bound parameters of the visitor_multiplier SQL macro for a unit of analysis."""
    mean = float(unit.mean_party_size) if unit.by_visitors else 1.0
    return {"by_visitors": unit.by_visitors, "party_cap": unit.cap, "party_mean": mean}


def _strata(scope_con, museum_id: str | None, year: int | None, unit: UnitOfAnalysis) -> pd.DataFrame:
    frame = store.query(scope_con, "metrics/survey_strata", {"museum_id": museum_id, "year": year, **_party(unit)})
    frame["month"] = frame["month"].astype(str)
    return frame


def _attendance_months(scope_con, museum_id: str | None, year: int | None) -> pd.DataFrame:
    """Monthly attendance of the museums and seasons surveyed (months without responses included)."""
    frame = store.query(scope_con, "metrics/attendance_months", {"museum_id": museum_id, "year": year})
    frame["month"] = frame["month"].astype(str)
    return frame


def _weights(scope_con, strata: pd.DataFrame, museum_id: str | None, year: int | None):
    return weighting_for(strata, _attendance_months(scope_con, museum_id, year))


# --- the report's tables and their disclosure plan -----------------------------------------------

@dataclass(frozen=True)
class TableSpec:
    """One table of the report: its query, the dimension its keys belong to and how it is shown.

    mode « partition »: the fixed keys are all listed (withheld ones read « masqué »); « fold »: only
    shown keys are listed, the rest is one « Autres » row. Rows whose key is NULL or 'unknown' are
    the table's non-response (left out of the base).
    """

    query: str
    dimension: str
    mode: str
    base_where: dict
    base_exclude: dict = field(default_factory=dict)
    residual_where: dict | None = None
    keys: tuple[str, ...] | None = None
    labeler: Callable[[str, str], str] | None = None
    fold_label: Message | None = None
    top: int | None = None


QC = {"province": ("QC",)}
TABLES: dict[str, TableSpec] = {
    "categories": TableSpec("metrics/provenance_categories", "category", "partition",
                            {"category": KNOWN_CATEGORIES}, residual_where={"category": (UNKNOWN,)},
                            keys=KNOWN_CATEGORIES, labeler=labels.category_label),
    "admin_regions": TableSpec("metrics/provenance_admin_regions", "admin", "fold",
                               {**QC, "admin": (disclosure.KNOWN,)}, residual_where={**QC, "admin": ("?",)},
                               fold_label=labels.OTHER_REGIONS, top=TOP_ROWS),
    "tourist_regions": TableSpec("metrics/provenance_tourist_regions", "tourist", "fold",
                                 {**QC, "tourist": (disclosure.KNOWN,)}, residual_where={**QC, "tourist": ("?",)},
                                 fold_label=labels.OTHER_REGIONS, top=TOP_ROWS),
    "provinces": TableSpec("metrics/provenance_provinces", "province", "fold",
                           {"country": ("CA",), "province": (disclosure.KNOWN,)}, {"province": ("QC",)},
                           residual_where={"country": ("CA",), "province": ("?",)},
                           fold_label=labels.OTHER_PROVINCES, top=TOP_ROWS),
    "world_areas": TableSpec("metrics/provenance_world_areas", "area", "partition", {"area": (disclosure.KNOWN,)},
                             residual_where={"area": ("?",)}, keys=WORLD_AREAS, labeler=labels.world_area_label),
    "countries": TableSpec("metrics/provenance_countries", "country", "fold", {"area": (disclosure.KNOWN,)},
                           {"area": ("canada",)}, fold_label=labels.OTHER_COUNTRIES, top=TOP_ROWS),
}
SEASON_TABLES = ("categories",)   # what the trend publishes for the other seasons


def population(museum_id: str, year: int) -> str:
    return f"{museum_id}:{year}"


def _is_residual(keys: pd.Series) -> pd.Series:
    return keys.isna() | (keys.astype("string") == UNKNOWN).fillna(False).astype(bool)


@dataclass
class ReportPlan:
    """Counts, weights and the disclosure decisions of one museum's report (all its seasons)."""

    museum_id: str
    year: int
    counts: dict[tuple[int, str], pd.DataFrame]
    tables: dict[tuple[int, str], disclosure.PlannedTable]
    weightings: dict[int, tuple[Weighting, pd.DataFrame]]
    n_responses: dict[int, int]
    units: dict[int, UnitOfAnalysis]

    def cells(self) -> list[disclosure.Cell]:
        extra = [disclosure.shown(population(self.museum_id, y), "basis", "responses", n)
                 for y, n in self.n_responses.items()]
        return extra + [cell for table in self.tables.values() for cell in table.cells()]


def _planned(spec: TableSpec, pop: str, name: str, counts: pd.DataFrame) -> disclosure.PlannedTable:
    residual = _is_residual(counts["key"])
    totals = counts[~residual].groupby(counts.loc[~residual, "key"].astype(str))["n"].sum()
    keys = list(spec.keys) if spec.keys is not None else sorted(totals.index)
    rows = [disclosure.PlannedRow(key, int(totals.get(key, 0))) for key in keys]
    return disclosure.PlannedTable(
        population=pop, name=name, dimension=spec.dimension, mode=spec.mode, rows=rows,
        base_where=dict(spec.base_where), base_exclude=dict(spec.base_exclude),
        residual_n=int(counts.loc[residual, "n"].sum()) if spec.residual_where is not None else None,
        residual_where=spec.residual_where, top=spec.top)


@lru_cache(maxsize=16)
def _plan(con, museum_id: str, year: int) -> ReportPlan:
    seasons = [int(y) for y in store.query(con, "metrics/survey_seasons", {"museum_id": museum_id})["survey_year"]]
    counts, tables, weightings, n_responses, units = {}, {}, {}, {}, {}
    for season in seasons:
        units[season] = unit_for(con, museum_id, season)
        season_strata = _strata(con, museum_id, season, units[season])
        weightings[season] = _weights(con, season_strata, museum_id, season)
        n_responses[season] = int(season_strata["n"].sum())
        names = TABLES if season == year else SEASON_TABLES
        for name in names:
            frame = store.query(con, TABLES[name].query,
                                {"museum_id": museum_id, "year": season, **_party(units[season])})
            frame["month"] = frame["month"].astype(str)
            counts[(season, name)] = frame
            tables[(season, name)] = _planned(TABLES[name], population(museum_id, season), name, frame)
    plan = ReportPlan(museum_id, year, counts, tables, weightings, n_responses, units)
    extra = [c for c in plan.cells() if c.table == "basis"]
    disclosure.plan(list(tables.values()), disclosure.structure_from_store(con), extra)
    return plan


def report_plan(scope: Scope) -> ReportPlan:
    """The plan of the scope's report, computed once per museum and season (the pickers reuse it)."""
    return _plan(connection(scope), scope.museum_id, scope.year)


# --- share tables -------------------------------------------------------------------------------

def _labels(frame: pd.DataFrame, spec: TableSpec, lang: str) -> dict[str, str]:
    column = f"label_{lang}"
    if column in frame:
        pairs = frame.dropna(subset=["key"]).drop_duplicates("key")
        return {str(k): (str(v) if not pd.isna(v) else str(k)) for k, v in zip(pairs["key"], pairs[column])}
    return {}


def _label(key: str, spec: TableSpec, found: dict[str, str], lang: str) -> str:
    if key == OTHER and spec.fold_label is not None:
        return spec.fold_label(lang)
    if spec.labeler is not None:
        return spec.labeler(key, lang)
    return found.get(key, key)


def _empty_table() -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype=float) for column in TABLE_COLUMNS})


def build_share_table(counts: pd.DataFrame, weights: pd.DataFrame, planned: disclosure.PlannedTable,
                      spec: TableSpec, lang: str, weighted: bool) -> ShareTable:
    """Weighted shares of what the plan lets a table show; withheld cells carry no values.

    A response weighs its month's post-stratification weight × its visitor multiplier (party size
    when figures count visitors) / the mean multiplier of its stratum, so each stratum keeps the
    weight attendance gave it (weighting.visitor_weights, summed per cell in SQL).
    """
    merged = counts.merge(_response_factors(weights), on=STRATUM, how="left", validate="many_to_one")
    if merged["factor"].isna().any():
        raise AssertionError("cellule sans poids / count cell without a weight")
    residual = _is_residual(merged["key"])
    known = merged[~residual].assign(key=lambda f: f["key"].astype(str))
    known["wn"] = known["m_sum"] * known["factor"]
    known["wn2"] = known["m_sq"] * known["factor"] ** 2
    base_n = int(known["n"].sum())
    n_unknown = int(merged.loc[residual, "n"].sum())
    cells = tuple(planned.cells())
    if planned.withheld_entirely:
        return ShareTable(_empty_table(), 0, 0, None, cells=cells, withheld_reason=WITHHELD_FOR_PRIVACY)
    if planned.too_small or base_n == 0:
        return ShareTable(_empty_table(), base_n, n_unknown, None, cells=cells, too_small=planned.too_small)
    base_w = float(known["wn"].sum())
    n_eff = base_w ** 2 / float(known["wn2"].sum())
    by_key = known.groupby("key")[["n", "wn"]].sum()
    found = _labels(counts, spec, lang)

    def row(key: str, n: int, wn: float, withheld: bool) -> dict:
        return dict(key=key, label=_label(key, spec, found, lang), n=n, wn=wn, suppressed=withheld)

    rows = []
    if planned.mode == "partition":
        for planned_row in planned.rows:
            wn = float(by_key["wn"].get(planned_row.key, 0.0))
            rows.append(row(planned_row.key, planned_row.n, wn, planned_row.withheld))
    else:
        listed = sorted((r for r in planned.rows if not r.withheld and r.n > 0), key=lambda r: (-r.n, r.key))
        for planned_row in listed:
            rows.append(row(planned_row.key, planned_row.n, float(by_key["wn"].get(planned_row.key, 0.0)), False))
        folded = [r.key for r in planned.rows if r.withheld]
        if folded:
            n_other = planned.folded_n()
            rows.append(row(OTHER, n_other, float(by_key["wn"].reindex(folded).fillna(0).sum()),
                            n_other < disclosure.MIN_CELL))
    table = pd.DataFrame(rows)
    table["n"] = table["n"].astype("int64")
    table["suppression_reason"] = pd.Series([privacy.HIDDEN if h else pd.NA for h in table["suppressed"]],
                                            dtype="string")
    table["share_unweighted"] = table["n"] / base_n
    table["share"] = table["wn"] / base_w
    low, high = stats.wilson_interval(table["share"].to_numpy(dtype=float) * n_eff, np.full(len(table), n_eff))
    table["ci_low"], table["ci_high"] = low, high
    # quality, as the Institut de la statistique du Québec flags it: the coefficient of variation of
    # the share (15–25 %: caution; above 25 %: imprecise, not shown), and the caution of small cells
    flag = pd.Series(stats.quality_flag(table["share"].to_numpy(dtype=float), n_eff), index=table.index)
    zero = table["n"] == 0
    table["imprecise"] = (flag == stats.QUALITY_UNRELIABLE) & ~zero & ~table["suppressed"]
    table["caution"] = [(not s) and not z and (f == stats.QUALITY_CAUTION or privacy.needs_caution_share(n, base_n))
                        for n, s, z, f in zip(table["n"], table["suppressed"], zero, flag)]
    table.loc[table["imprecise"], ["share", "ci_low", "ci_high"]] = np.nan
    table["base_n"] = base_n
    table["n_effective"] = n_eff
    table["weighted"] = weighted
    table = privacy.blank_suppressed(table, VALUE_COLUMNS)
    table["suppressed"] = table["suppressed"].astype(bool)
    table["caution"] = table["caution"].astype(bool) & ~table["imprecise"]
    table["imprecise"] = table["imprecise"].astype(bool)
    return ShareTable(table[TABLE_COLUMNS].reset_index(drop=True), base_n, n_unknown, None, cells=cells)


def _response_factors(weights: pd.DataFrame) -> pd.DataFrame:
    """Per stratum month: the weight of one visitor-multiplier unit (weight / mean multiplier of the
    final stratum, which may span several months)."""
    group = [weights["museum_id"], weights["survey_year"], weights["stratum"]]
    mean_multiplier = weights.groupby(group)["m_sum"].transform("sum") / weights.groupby(group)["n"].transform("sum")
    return weights[STRATUM].assign(factor=weights["weight"] / mean_multiplier)


def _season_table(plan: ReportPlan, season: int, name: str, lang: str) -> ShareTable:
    weighting, weights = plan.weightings[season]
    result = build_share_table(plan.counts[(season, name)], weights, plan.tables[(season, name)], TABLES[name],
                               lang, weighting.weighted)
    return ShareTable(result.table, result.base_n, result.n_unknown, weighting, cells=result.cells,
                      too_small=result.too_small, withheld_reason=result.withheld_reason)


def _museum_shares(scope: Scope, name: str) -> ShareTable:
    return _season_table(report_plan(scope), scope.year, name, scope.lang)


# --- the questions ------------------------------------------------------------------------------

def data_basis(scope: Scope) -> DataBasis:
    """Period, number of responses, responses with a known provenance, and the weighting decision."""
    row = store.query(connection(scope), "metrics/provenance_basis", {"museum_id": scope.museum_id, "year": scope.year}).iloc[0]
    weighting, _ = report_plan(scope).weightings[scope.year]

    def day(value) -> date | None:
        return None if pd.isna(value) else pd.Timestamp(value).date()

    return DataBasis(scope.museum_id, scope.museum_name, scope.year, int(row["n_responses"]), int(row["n_known"]),
                     int(row["n_undated"]), day(row["first_visit"]), day(row["last_visit"]), weighting, scope.seasons,
                     int(row["n_approximate_local"]), int(row["n_approximate_excursionist"]), _published_locals(scope),
                     report_plan(scope).units[scope.year])


def _published_locals(scope: Scope) -> int | None:
    """The number of locals when the report shows it (the bounds of the approximate-location
    sentence would otherwise reveal a withheld cell)."""
    planned = report_plan(scope).tables[(scope.year, "categories")]
    row = planned.row("local")
    return None if row.withheld or planned.withheld_entirely or planned.too_small else row.n


def basis_cells(scope: Scope) -> tuple:
    """What the data-basis section publishes: the number of responses and of known provenance."""
    plan = report_plan(scope)
    pop = population(scope.museum_id, scope.year)
    categories = plan.tables[(scope.year, "categories")]
    return (disclosure.shown(pop, "basis", "responses", plan.n_responses[scope.year]),
            *[c for c in categories.cells() if c.key in ("*", "?")])


def category_shares(scope: Scope) -> ShareTable:
    """Local, excursionist and tourist shares of the respondents whose provenance is known."""
    return _museum_shares(scope, "categories")


def admin_region_shares(scope: Scope) -> ShareTable:
    """Quebec residents by administrative region; residents whose region is not known are n_unknown."""
    return _museum_shares(scope, "admin_regions")


def tourist_region_shares(scope: Scope) -> ShareTable:
    return _museum_shares(scope, "tourist_regions")


def province_shares(scope: Scope) -> ShareTable:
    """Canadian residents outside Quebec by province or territory."""
    return _museum_shares(scope, "provinces")


def world_area_shares(scope: Scope) -> ShareTable:
    """All respondents with a known country, by world area (Canada included); every area is listed."""
    return _museum_shares(scope, "world_areas")


def country_shares(scope: Scope) -> ShareTable:
    """Residents of other countries by country: the shown countries, the rest in « Autres pays »."""
    return _museum_shares(scope, "countries")


def trend(scope: Scope) -> ShareTable:
    """Category shares for every season of the museum, each season weighted on its own."""
    plan = report_plan(scope)
    seasons = sorted(plan.weightings)
    tables, cells, base_total, unknown_total = [], [], 0, 0
    for season in seasons:
        result = _season_table(plan, season, "categories", scope.lang)
        cells.extend(result.cells)
        cells.append(disclosure.shown(population(scope.museum_id, season), "basis", "responses",
                                      plan.n_responses[season]))
        base_total += result.base_n
        unknown_total += result.n_unknown
        if result.table.empty:
            continue
        table = result.table.copy()
        table.insert(0, "survey_year", int(season))
        tables.append(table)
    if not tables:
        return ShareTable(_empty_table().assign(survey_year=pd.Series(dtype="int64")), 0, 0, None, cells=tuple(cells))
    return ShareTable(pd.concat(tables, ignore_index=True), base_total, unknown_total, None, cells=tuple(cells))


# --- the other museums --------------------------------------------------------------------------

# Why a table or the comparison with the other museums is not shown.
WITHHELD_FOR_PRIVACY = "privacy"
TOO_FEW_MUSEUMS = "too_few_museums"
DOMINANT_MUSEUM = "dominant_museum"


def sector_category_shares(scope: Scope) -> ShareTable:
    """The category shares of the OTHER museums that season (the reader's own museum left out).

    Shown only when at least MIN_PEER_MUSEUMS other museums each have MIN_CELL responses or more
    (museums with fewer are left out of the group) and none of them holds more than
    privacy.MAX_PEER_SHARE of the group's responses or of its weighted visitors. Only shares with
    their interval are published, never counts, and a category the group counts fewer than
    MIN_CELL respondents in is withheld. Strata are museum × month, so a weighted share is a share
    of the group's visitors.
    """
    unit = unit_for(connection(scope), None, scope.year, exclude=scope.museum_id)
    strata = _strata(connection(scope), None, scope.year, unit)
    strata = strata[strata["museum_id"] != scope.museum_id]
    per_museum = strata.groupby("museum_id")["n"].sum()
    members = per_museum[per_museum >= privacy.MIN_CELL].index
    strata = strata[strata["museum_id"].isin(members)]
    n_museums = len(members)
    withheld = ShareTable(_empty_table(), 0, 0, None, available=False, n_museums=n_museums,
                          counts_published=False)
    if not privacy.peer_group_allowed(n_museums):
        return ShareTable(**{**withheld.__dict__, "withheld_reason": TOO_FEW_MUSEUMS})
    weighting, weights = _weights(connection(scope), strata, None, scope.year)
    weight_by_museum = (weights["m_sum"] * _response_factors(weights)["factor"]).groupby(weights["museum_id"]).sum()
    if (per_museum[members].max() / per_museum[members].sum() > privacy.MAX_PEER_SHARE
            or weight_by_museum.max() / weight_by_museum.sum() > privacy.MAX_PEER_SHARE):
        return ShareTable(**{**withheld.__dict__, "withheld_reason": DOMINANT_MUSEUM})
    counts = store.query(connection(scope), "metrics/provenance_categories",
                         {"museum_id": None, "year": scope.year, **_party(unit)})
    counts["month"] = counts["month"].astype(str)
    counts = counts[counts["museum_id"].isin(members)]
    planned = _planned(TABLES["categories"], "others", "sector", counts)
    for planned_row in planned.rows:
        planned_row.withheld = 0 < planned_row.n < privacy.MIN_CELL
    result = build_share_table(counts, weights, planned, TABLES["categories"], scope.lang, weighting.weighted)
    table = result.table.copy()
    table["n"] = pd.array([pd.NA] * len(table), dtype="Int64")   # counts of other museums are never published
    table["base_n"] = pd.NA
    return ShareTable(table, 0, 0, weighting, available=True, n_museums=n_museums, counts_published=False)


def home_region(scope: Scope) -> str | None:
    """The administrative region the museum stands in."""
    frame = store.query(connection(scope), "metrics/museum_home", {"museum_id": scope.museum_id})
    return None if frame.empty else str(frame["admin_region_code"].iloc[0])
