"""The survey season that goes with a fiscal year of the attendance workbook, its responses, weights
and disclosure plan (sections 6 to 9 of notebooks/03_attendance.ipynb; docs/ARCHITECTURE.md,
« Attendance »).

Rules (stated once, here):
- the season of fiscal year Y is the survey season whose August falls in Y (August is the middle of
  the June–September summer a survey covers; with a calendar year, season Y): a museum whose year
  starts in April reports, in fiscal year 2025-2026, on its summer 2025 survey;
- survey shares describe the visitors of the months the survey covered — the season's weighting
  strata, from the first to the last month with dated responses — never the whole year: numbers of
  visitors are those shares times the attendance loaded for those months;
- responses are post-stratified to monthly attendance and count visitors (party sizes) exactly as
  the provenance report does (weighting.py, metrics/shares.py); each response weighs
  W = the weight of its month per visitor × its visitor multiplier;
- what may be published about respondents is planned once for the report (disclosure.plan) over the
  two tables the workbook shows by category: the provenance categories (section 7) and the desk grid's
  origins (section 6). Both are partitions on the audit's dimensions, so the runner's audit checks
  them; every cell of 1 to 9 respondents is withheld. The categories come first: the desk-origin table
  is planned only when the report shows it (desk tallies for the surveyed months) and only when it
  costs the categories no cell, else it is withheld whole (_plan_both).

A museum without a survey for that season gets None from survey_plan(): each section then says so
in one sentence (the workbook needs only attendance; docs/ARCHITECTURE.md, « Topics »).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import numpy as np
import pandas as pd

from ... import calendar, disclosure, privacy, stats, store
from ...metrics import shares
from ...metrics.scope import Scope, connection
from ...metrics.shares import ShareTable, TableSpec
from ...topics.provenance import labels as provenance_labels
from ...weighting import UnitOfAnalysis, Weighting
from . import labels
from .metrics import start_month

SEASON_MONTH = 8  # the season of fiscal year Y is the one whose August falls in Y
KNOWN_CATEGORIES = ("local", "excursionist", "tourist")
NON_LOCAL = ("excursionist", "tourist")
DESK_KEYS = ("local", "quebec_other", "other_province", "united_states", "other_country")
CATEGORY_TABLE = "categories"
DESK_TABLE = "desk_origins"


def population(museum_id: str, season: int) -> str:
    """The disclosure population of a museum's season (the provenance report's, for the same season)."""
    return f"{museum_id}:{season}"


def season_for(fiscal_year: int, seasons: tuple[int, ...], start: int) -> int | None:
    """The survey season whose August falls in `fiscal_year` (None when the museum has none)."""
    for season in seasons:
        if calendar.fiscal_year(date(season, SEASON_MONTH, 1), start) == fiscal_year:
            return season
    return None


# --- the desk grid's origins as cells of the audit ------------------------------------------------


@dataclass
class DeskTable(disclosure.PlannedTable):
    """The survey's respondents on the desk grid's origins: a partition whose rows are defined on two
    dimensions at once (category, and province / country / world area), so each row has its own
    condition (`wheres`). Only the rows are published, never the base: the survey side of section 6
    shows shares of the known origins."""

    wheres: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)

    def _where(self, key: str) -> dict:
        return dict(self.wheres[key])

    def cells(self) -> list[disclosure.Cell]:
        if self.withheld_entirely or self.too_small:
            return []
        out = []
        for row in self.rows:
            where = self._where(row.key)
            if row.withheld:
                out.append(disclosure.hidden(self.population, self.name, row.key, where))
            else:
                out.append(disclosure.shown(self.population, self.name, row.key, row.n, where))
        return out


def desk_wheres(structure: disclosure.Structure) -> dict[str, dict[str, tuple[str, ...]]]:
    """Each desk origin as a condition on the audit's dimensions (the SQL of
    attendance_survey_responses.sql, desk_key, in the audit's terms)."""
    abroad = tuple(area for area in structure.areas if area not in ("canada", "usa"))
    return {
        "local": {"category": ("local",)},
        "quebec_other": {"category": NON_LOCAL, "province": ("QC",)},
        "other_province": {"category": NON_LOCAL, "country": ("CA",), "province": tuple(structure.provinces)},
        "united_states": {"category": NON_LOCAL, "country": ("US",)},
        "other_country": {"category": NON_LOCAL, "area": abroad},
    }


CATEGORY_SPEC = TableSpec(
    "metrics/attendance_survey_responses",
    "category",
    "partition",
    {"category": KNOWN_CATEGORIES},
    keys=KNOWN_CATEGORIES,
    labeler=provenance_labels.category_label,
)
DESK_SPEC = TableSpec(
    "metrics/attendance_survey_responses",
    "desk",
    "partition",
    {},
    keys=DESK_KEYS,
    labeler=lambda key, lang: labels.desk_label(key, lang),
)


# --- the plan ----------------------------------------------------------------------------------------


@dataclass
class SurveyPlan:
    """One museum's survey season for a fiscal year: responses, weights and what may be published.

    responses: one row per response (attendance_survey_responses.sql) with W, its weight in visitors.
    months: the months the weighted figures describe (the weighting strata), 'YYYY-MM'.
    attendance: entries loaded for those months; missing_months: those of them without attendance.
    """

    museum_id: str
    fiscal_year: int
    season: int
    responses: pd.DataFrame
    weighting: Weighting
    weights: pd.DataFrame
    unit: UnitOfAnalysis
    months: tuple[str, ...]
    attendance: int
    missing_months: tuple[str, ...]
    tables: dict[str, disclosure.PlannedTable]
    counts: dict[str, pd.DataFrame]

    @property
    def n_responses(self) -> int:
        return len(self.responses)

    @property
    def population(self) -> str:
        return population(self.museum_id, self.season)

    @property
    def weighted(self) -> bool:
        return bool(self.weighting.weighted)

    @property
    def estimates_visitors(self) -> bool:
        """Numbers of visitors need weighted shares and the attendance of the surveyed months."""
        return self.weighted and self.attendance > 0

    def basis_cells(self) -> list[disclosure.Cell]:
        return [disclosure.shown(self.population, "basis", "responses", self.n_responses)]

    def share_table(self, name: str, lang: str) -> ShareTable:
        spec = CATEGORY_SPEC if name == CATEGORY_TABLE else DESK_SPEC
        result = shares.build_share_table(self.counts[name], self.weights, self.tables[name], spec, lang, self.weighted)
        return ShareTable(
            result.table,
            result.base_n,
            result.n_unknown,
            self.weighting,
            cells=result.cells,
            too_small=result.too_small,
            withheld_reason=result.withheld_reason,
        )


def _cell_counts(responses: pd.DataFrame, column: str) -> pd.DataFrame:
    """Counts per post-stratification cell and key, in the share engine's shape."""
    frame = responses.assign(key=responses[column], m_sq=responses["m"] ** 2)
    grouped = frame.groupby(["museum_id", "survey_year", "month", "key"], dropna=False, sort=True)
    counts = grouped.agg(n=("m", "size"), m_sum=("m", "sum"), m_sq=("m_sq", "sum")).reset_index()
    counts["n"] = counts["n"].astype(int)
    return counts


def _planned(counts: pd.DataFrame, spec: TableSpec, pop: str, name: str, structure) -> disclosure.PlannedTable:
    planned = shares.planned_table(spec, pop, name, counts)
    if name != DESK_TABLE:
        return planned
    return DeskTable(
        population=pop,
        name=name,
        dimension="desk",
        mode="partition",
        rows=planned.rows,
        base_where={},
        wheres=desk_wheres(structure),
    )


def _weights_per_response(responses: pd.DataFrame, weights: pd.DataFrame) -> pd.Series:
    factors = shares.response_factors(weights)
    merged = responses[shares.STRATUM].merge(factors, on=shares.STRATUM, how="left", validate="many_to_one")
    return pd.Series(
        merged["factor"].to_numpy(dtype=float) * responses["m"].to_numpy(dtype=float), index=responses.index
    )


@lru_cache(maxsize=16)
def _plan(con, museum_id: str, fiscal_year: int, season: int) -> SurveyPlan:
    unit = shares.unit_for(con, museum_id, season)
    strata = shares.strata(con, museum_id, season, unit)
    weighting, weights = shares.weights_for(con, strata, museum_id, season)
    responses = store.query(
        con,
        "metrics/attendance_survey_responses",
        {"museum_id": museum_id, "year": season, **shares.party_params(unit)},
    )
    responses["month"] = responses["month"].astype(str)
    responses["survey_year"] = responses["survey_year"].astype(int)
    responses["W"] = _weights_per_response(responses, weights)
    months = tuple(sorted({m for s in weighting.strata for m in s.months})) if weighting.weighted else ()
    loaded = shares.attendance_months(con, museum_id, season)
    by_month = dict(zip(loaded["month"], pd.to_numeric(loaded["attendance"], errors="coerce")))
    attendance = int(sum(by_month[m] for m in months if m in by_month and by_month[m] > 0))
    missing = tuple(m for m in months if not (m in by_month and by_month[m] > 0))
    structure = disclosure.structure_from_store(con)
    pop = population(museum_id, season)
    counts = {CATEGORY_TABLE: _cell_counts(responses, "category"), DESK_TABLE: _cell_counts(responses, "desk_key")}
    categories = _planned(counts[CATEGORY_TABLE], CATEGORY_SPEC, pop, CATEGORY_TABLE, structure)
    desk_table = _planned(counts[DESK_TABLE], DESK_SPEC, pop, DESK_TABLE, structure)
    extra = [disclosure.shown(pop, "basis", "responses", len(responses))]
    desk_months = store.query(con, "metrics/attendance_desk_months", {"museum_id": museum_id})
    surveyed = months or tuple(sorted(set(responses["month"]) - {""}))
    shows_desk = bool(desk_months["month"].isin(surveyed).any())
    tables = {CATEGORY_TABLE: categories, DESK_TABLE: desk_table}
    tables.update(_plan_both(categories, desk_table, structure, extra, shows_desk))
    return SurveyPlan(
        museum_id, fiscal_year, season, responses, weighting, weights, unit, months, attendance, missing, tables, counts
    )


def _withheld(table: disclosure.PlannedTable) -> tuple:
    return table.withheld_entirely, tuple(row.withheld for row in table.rows)


def _plan_both(categories, desk_table, structure, extra, shows_desk: bool) -> dict[str, disclosure.PlannedTable]:
    """The disclosure plan of the two tables. The categories (section 7's visitor numbers) come first:
    the desk-origin table is planned with them only when the report shows it (desk tallies for the
    surveyed months) and only if it costs the categories no cell; otherwise it is withheld whole
    (section 6 then says so in one sentence)."""
    alone = copy.deepcopy(categories)
    disclosure.plan([alone], structure, extra)
    if shows_desk:
        both = copy.deepcopy(categories), copy.deepcopy(desk_table)
        disclosure.plan(list(both), structure, extra)
        if _withheld(both[0]) == _withheld(alone):
            return {CATEGORY_TABLE: both[0], DESK_TABLE: both[1]}
    desk_table.withheld_entirely = True
    return {CATEGORY_TABLE: alone, DESK_TABLE: desk_table}


def survey_plan(scope: Scope) -> SurveyPlan | None:
    """The plan of the scope's fiscal year, or None when the museum has no survey for its season."""
    con = connection(scope)
    seasons = survey_seasons(con, scope.museum_id)
    season = season_for(scope.year, seasons, start_month(scope))
    if season is None:
        return None
    return _plan(con, scope.museum_id, scope.year, season)


def survey_seasons(con, museum_id: str) -> tuple[int, ...]:
    frame = store.query(con, "metrics/survey_seasons", {"museum_id": museum_id})
    return tuple(int(y) for y in frame["survey_year"])


def expected_season(scope: Scope) -> int:
    """The season that would go with the scope's fiscal year (named in the one-sentence sections)."""
    start = start_month(scope)
    for season in (scope.year - 1, scope.year, scope.year + 1):
        if calendar.fiscal_year(date(season, SEASON_MONTH, 1), start) == scope.year:
            return season
    return scope.year


# --- weighted shares of any subset (sections 8 and 9) ------------------------------------------------


@dataclass(frozen=True)
class Share:
    """A weighted share of the visitors of a base, with its Wilson interval on Kish's effective n.

    published: False when the base has fewer than MIN_CELL respondents, when the respondents it
    counts or those it leaves out number 1 to 9 (a share and its base would give them away), or when
    the estimate is too imprecise (CV above 25 %, stats.quality_flag); its values are then NaN.
    """

    share: float
    low: float
    high: float
    n: int  # respondents counted
    base_n: int  # respondents in the base
    n_effective: float
    quality: str
    published: bool
    reason: str | None = None  # "small_base" | "small_cell" | "imprecise"


SMALL_BASE, SMALL_CELL, IMPRECISE = "small_base", "small_cell", "imprecise"


def weighted_share(weights: pd.Series, base: pd.Series, hit: pd.Series) -> Share:
    """Σ W over base ∧ hit / Σ W over base, Wilson interval on Kish's n of the base's weights."""
    w = weights[base.astype(bool)].to_numpy(dtype=float)
    x = hit[base.astype(bool)].astype(bool).to_numpy()
    base_n, n = int(w.size), int(x.sum())
    if base_n == 0 or w.sum() <= 0:
        return Share(np.nan, np.nan, np.nan, n, base_n, 0.0, stats.QUALITY_UNRELIABLE, False, SMALL_BASE)
    share, low, high, n_eff = stats.weighted_wilson(x.astype(float), w)
    quality = stats.quality_flag(share, n_eff) if share > 0 else stats.QUALITY_OK
    reason = None
    if base_n < privacy.MIN_CELL:
        reason = SMALL_BASE
    elif 0 < n < privacy.MIN_CELL or 0 < base_n - n < privacy.MIN_CELL:
        reason = SMALL_CELL
    elif quality == stats.QUALITY_UNRELIABLE:
        reason = IMPRECISE
    if reason:
        return Share(np.nan, np.nan, np.nan, n, base_n, n_eff, quality, False, reason)
    return Share(share, low, high, n, base_n, n_eff, quality, True)


@dataclass(frozen=True)
class Estimate:
    """A number of visitors: attendance × a share, its interval attendance × the share's bounds,
    rounded (round_estimate) for the text and the chart."""

    value: float
    low: float
    high: float
    step: int  # the rounding step

    @property
    def rounded(self) -> tuple[int, int, int]:
        return tuple(int(round_to(v, self.step)) for v in (self.value, self.low, self.high))


def round_to(value: float, step: int) -> int:
    return int(step * np.floor(value / step + 0.5))


def rounding_step(low: float, high: float) -> int:
    """Half a power of ten of the interval's half-width (at least 10): « environ 24 000 (21 500 à
    26 500) » — the digits shown are those the interval supports, never a false precision."""
    half = max((high - low) / 2, 10.0)
    return max(10, int(10 ** np.floor(np.log10(half)) / 2))


def estimate(attendance: int, share: Share) -> Estimate | None:
    if not share.published or attendance <= 0:
        return None
    low, high = attendance * share.low, attendance * share.high
    return Estimate(attendance * share.share, low, high, rounding_step(low, high))


@dataclass(frozen=True)
class SurveyBasis:
    """What the data-basis sentence says about the survey: the season that goes with the fiscal
    year (expected when the museum sent none) and, when there is one, its plan."""

    fiscal_year_label: str
    season: int
    plan: SurveyPlan | None


def survey_basis(scope: Scope) -> SurveyBasis:
    plan = survey_plan(scope)
    label = calendar.fiscal_year_label(scope.year, start_month(scope))
    return SurveyBasis(label, plan.season if plan else expected_season(scope), plan)
