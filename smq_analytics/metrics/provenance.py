"""Where visitors come from: local / excursionist / tourist shares, regions, provinces, countries,
the trend over seasons and the sector total, for one museum and season.

Each question is one named query in sql/metrics/ returning counts per post-stratification cell
(museum × season × visit month) — a few dozen rows. Python then weights the cells to monthly
attendance when it covers the survey months (stats.poststratification_weights), computes shares with
Wilson intervals on Kish's effective n, and applies the confidentiality rules (privacy) before
anything is returned: hidden cells come back with missing values and a reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Callable

import numpy as np
import pandas as pd

from .. import labels, privacy, stats, store
from ..i18n import Message
from .scope import Scope

STRATUM = ["museum_id", "survey_year", "month"]
UNKNOWN = "unknown"
CATEGORIES = ("local", "excursionist", "tourist", UNKNOWN)
OTHER = "other"
TOP_COUNTRIES = 10
VALUE_COLUMNS = ["n", "share_unweighted", "share", "ci_low", "ci_high"]
TABLE_COLUMNS = ["key", "label", *VALUE_COLUMNS, "suppressed", "suppression_reason", "caution",
                 "base_n", "n_effective", "weighted"]

# Why a figure is or is not weighted.
WEIGHTED = "weighted"
NO_RESPONSES = "no_responses"
NO_DATES = "no_dates"
NO_ATTENDANCE = "no_attendance"
MONTHS_MISSING = "months_missing"


@dataclass(frozen=True)
class Weighting:
    """Whether responses are post-stratified to monthly attendance, and why not when they are not."""

    weighted: bool
    reason: str
    missing_months: tuple[str, ...] = ()   # 'YYYY-MM' with responses but no attendance loaded
    n_undated: int = 0                     # responses without visit date (weight 1 when weighted)
    n_trimmed: int = 0                     # strata whose weight hit the cap or the floor


@dataclass(frozen=True)
class ShareTable:
    """Shares of a partition of respondents, confidentiality rules already applied.

    table columns: key, label, n, share_unweighted, share (weighted when weighted), ci_low, ci_high,
    suppressed, suppression_reason (small | complement | small_base), caution, base_n, n_effective,
    weighted — plus survey_year for trends. Hidden cells have missing values.
    """

    table: pd.DataFrame
    base_n: int                 # respondents in the base (known key)
    n_unknown: int              # respondents left out of the base (key not known)
    weighting: Weighting | None
    available: bool = True      # False: sector figure withheld (fewer than 5 museums)
    n_museums: int | None = None


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


# --- weighting ---------------------------------------------------------------------------------

def _strata(scope_con, museum_id: str | None, year: int | None) -> pd.DataFrame:
    frame = store.query(scope_con, "metrics/survey_strata", {"museum_id": museum_id, "year": year})
    frame["month"] = frame["month"].astype(str)
    return frame


def weighting_for(strata: pd.DataFrame) -> tuple[Weighting, pd.DataFrame]:
    """Decide and compute post-stratification weights for one population of strata.

    strata: museum_id, survey_year, month ('' = undated), n, attendance. Returns the decision and
    the strata with a `weight` column (1 everywhere when unweighted; 1 for undated responses).
    """
    out = strata.copy()
    out["weight"] = 1.0
    n_undated = int(out.loc[out["month"] == "", "n"].sum())
    dated = out[out["month"] != ""]
    if out.empty:
        return Weighting(False, NO_RESPONSES), out
    if dated.empty:
        return Weighting(False, NO_DATES, n_undated=n_undated), out
    attendance = pd.to_numeric(dated["attendance"], errors="coerce")
    missing = dated.loc[attendance.isna() | (attendance <= 0), "month"]
    if len(missing) == len(dated):
        return Weighting(False, NO_ATTENDANCE, n_undated=n_undated), out
    if len(missing):
        months = tuple(sorted(set(missing.astype(str))))
        return Weighting(False, MONTHS_MISSING, missing_months=months, n_undated=n_undated), out
    weights = stats.poststratification_weights(dated["n"], attendance)
    out.loc[dated.index, "weight"] = weights.to_numpy()
    trimmed = int(np.sum(np.isclose(weights, stats.WEIGHT_CAP) | np.isclose(weights, stats.WEIGHT_FLOOR)))
    return Weighting(True, WEIGHTED, n_undated=n_undated, n_trimmed=trimmed), out


# --- share tables -------------------------------------------------------------------------------

def _labels_for(frame: pd.DataFrame, lang: str, labeler: Callable[[str, str], str] | None) -> pd.Series:
    column = f"label_{lang}"
    if column in frame:
        return frame[column].astype("string").fillna(frame["key"].astype("string")).astype(str)
    return frame["key"].map(lambda key: labeler(key, lang) if labeler else str(key)).astype(str)


def share_table(
    counts: pd.DataFrame,
    weights: pd.DataFrame,
    lang: str,
    *,
    order: tuple[str, ...] | None = None,
    labeler: Callable[[str, str], str] | None = None,
    fold_label: Message | None = None,
    top: int | None = None,
) -> tuple[pd.DataFrame, int, int]:
    """Shares of the known keys in counts (stratum columns, key, n[, label_fr, label_en]).

    order: every key of a fixed partition, in display order (missing ones get n = 0); otherwise rows
    are sorted by n, hidden rows last by label. fold_label: hidden rows (and shown rows beyond top)
    are merged into one « other » row. Returns (table, base_n, n_unknown).
    """
    merged = counts.merge(weights[[*STRATUM, "weight"]], on=STRATUM, how="left", validate="many_to_one")
    if merged["weight"].isna().any():
        raise AssertionError("cellule sans poids / count cell without a weight")
    merged["wn"] = merged["n"] * merged["weight"]
    merged["wn2"] = merged["n"] * merged["weight"] ** 2
    known = merged[merged["key"].notna()].copy()
    n_unknown = int(merged.loc[merged["key"].isna(), "n"].sum())
    base_n = int(known["n"].sum())
    base_w = float(known["wn"].sum())
    n_eff = base_w**2 / float(known["wn2"].sum()) if base_n else 0.0

    known["key"] = known["key"].astype(str)
    known["label"] = _labels_for(known, lang, labeler)
    table = known.groupby(["key", "label"], as_index=False, sort=False)[["n", "wn"]].sum()
    if order is not None:
        table = (table.set_index("key").reindex(list(order)).reset_index())
        table["n"] = table["n"].fillna(0).astype("int64")
        table["wn"] = table["wn"].fillna(0.0)
        table["label"] = [labeler(key, lang) if labeler else key for key in table["key"]]
    table["n"] = table["n"].astype("int64")

    table = privacy.suppress_partition(table, count="n", base=base_n, residual=table["key"] == UNKNOWN)
    if order is None:
        table = _sorted(table)
    if fold_label is not None:
        beyond_top = pd.Series(False, index=table.index)
        if top is not None:
            shown_rank = (~table["suppressed"]).cumsum()
            beyond_top = (~table["suppressed"]) & (shown_rank > top)
        table = privacy.fold_hidden(table, "key", OTHER, ["n", "wn"], base=base_n, also=beyond_top)
        table.loc[table["key"] == OTHER, "label"] = fold_label(lang)
        table["n"] = table["n"].astype("int64")

    with np.errstate(divide="ignore", invalid="ignore"):
        table["share_unweighted"] = table["n"] / base_n if base_n else np.nan
        table["share"] = table["wn"] / base_w if base_w else np.nan
    low, high = stats.wilson_interval(table["share"].to_numpy(dtype=float) * n_eff, np.full(len(table), n_eff))
    table["ci_low"], table["ci_high"] = low, high
    table["base_n"] = base_n
    table["n_effective"] = n_eff
    table = privacy.blank_suppressed(table, VALUE_COLUMNS)
    table["caution"] = table["caution"].astype(bool)
    table["suppressed"] = table["suppressed"].astype(bool)
    table["suppression_reason"] = table["suppression_reason"].astype("string")
    return table.drop(columns=["wn"]).reset_index(drop=True), base_n, n_unknown


def _sorted(table: pd.DataFrame) -> pd.DataFrame:
    shown = table[~table["suppressed"]].sort_values(["n", "label"], ascending=[False, True], kind="stable")
    hidden = table[table["suppressed"]].sort_values("label", kind="stable")
    return pd.concat([shown, hidden])


def _empty_table() -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype=float) for column in TABLE_COLUMNS})


def _museum_shares(scope: Scope, query: str, **options) -> ShareTable:
    weighting, weights = weighting_for(_strata(scope.con, scope.museum_id, scope.year))
    counts = store.query(scope.con, query, {"museum_id": scope.museum_id, "year": scope.year})
    counts["month"] = counts["month"].astype(str)
    if counts.empty and options.get("order") is None:
        return ShareTable(_empty_table(), 0, 0, weighting)
    table, base_n, n_unknown = share_table(counts, weights, scope.lang, **options)
    table["weighted"] = weighting.weighted
    return ShareTable(table[TABLE_COLUMNS], base_n, n_unknown, weighting)


# --- the questions ------------------------------------------------------------------------------

def data_basis(scope: Scope) -> DataBasis:
    """Period, number of responses, responses with a known provenance, and the weighting decision."""
    row = store.query(scope.con, "metrics/provenance_basis", {"museum_id": scope.museum_id, "year": scope.year}).iloc[0]
    weighting, _ = weighting_for(_strata(scope.con, scope.museum_id, scope.year))

    def day(value) -> date | None:
        return None if pd.isna(value) else pd.Timestamp(value).date()

    return DataBasis(scope.museum_id, scope.museum_name, scope.year, int(row["n_responses"]), int(row["n_known"]),
                     int(row["n_undated"]), day(row["first_visit"]), day(row["last_visit"]), weighting, scope.seasons)


def category_shares(scope: Scope) -> ShareTable:
    """Local, excursionist, tourist and unknown shares of all respondents (unknown is part of the base)."""
    return _museum_shares(scope, "metrics/provenance_categories", order=CATEGORIES, labeler=labels.category_label)


def admin_region_shares(scope: Scope) -> ShareTable:
    """Quebec residents by administrative region; residents whose region is not known are n_unknown."""
    return _museum_shares(scope, "metrics/provenance_admin_regions")


def tourist_region_shares(scope: Scope) -> ShareTable:
    return _museum_shares(scope, "metrics/provenance_tourist_regions")


def province_shares(scope: Scope) -> ShareTable:
    """Canadian residents outside Quebec by province or territory."""
    return _museum_shares(scope, "metrics/provenance_provinces", fold_label=labels.OTHER_PROVINCES)


def world_area_shares(scope: Scope) -> ShareTable:
    """All respondents with a known country, by world area (Canada included)."""
    return _museum_shares(scope, "metrics/provenance_world_areas", labeler=labels.world_area_label,
                          fold_label=labels.OTHER_WORLD_AREAS)


def country_shares(scope: Scope, top: int = TOP_COUNTRIES) -> ShareTable:
    """Residents of other countries by country: the top countries, the rest in « Autres pays »."""
    return _museum_shares(scope, "metrics/provenance_countries", fold_label=labels.OTHER_COUNTRIES, top=top)


def trend(scope: Scope) -> ShareTable:
    """Category shares for every season of the museum, each season weighted on its own."""
    strata = _strata(scope.con, scope.museum_id, None)
    counts = store.query(scope.con, "metrics/provenance_categories", {"museum_id": scope.museum_id, "year": None})
    counts["month"] = counts["month"].astype(str)
    tables, base_total, unknown_total = [], 0, 0
    for year, season_strata in strata.groupby("survey_year", sort=True):
        weighting, weights = weighting_for(season_strata)
        season_counts = counts[counts["survey_year"] == year]
        table, base_n, n_unknown = share_table(season_counts, weights, scope.lang, order=CATEGORIES,
                                               labeler=labels.category_label)
        table["weighted"] = weighting.weighted
        table.insert(0, "survey_year", int(year))
        tables.append(table[["survey_year", *TABLE_COLUMNS]])
        base_total += base_n
        unknown_total += n_unknown
    if not tables:
        return ShareTable(_empty_table().assign(survey_year=pd.Series(dtype="int64")), 0, 0, None)
    return ShareTable(pd.concat(tables, ignore_index=True), base_total, unknown_total, None)


def sector_category_shares(scope: Scope) -> ShareTable:
    """The same category shares for all museums in the store that season, when at least five took part.

    Strata are museum × month, so a weighted sector share is a share of the sector's visitors.
    """
    n_museums = int(store.query(scope.con, "metrics/sector_size", {"year": scope.year})["n_museums"].iloc[0])
    if not privacy.peer_group_allowed(n_museums):
        return ShareTable(_empty_table(), 0, 0, None, available=False, n_museums=n_museums)
    weighting, weights = weighting_for(_strata(scope.con, None, scope.year))
    counts = store.query(scope.con, "metrics/provenance_categories", {"museum_id": None, "year": scope.year})
    counts["month"] = counts["month"].astype(str)
    table, base_n, n_unknown = share_table(counts, weights, scope.lang, order=CATEGORIES,
                                           labeler=labels.category_label)
    table["weighted"] = weighting.weighted
    return ShareTable(table[TABLE_COLUMNS], base_n, n_unknown, weighting, available=True, n_museums=n_museums)
