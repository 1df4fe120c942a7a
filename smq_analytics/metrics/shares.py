"""The share engine every survey topic uses: from counts per post-stratification cell and the
report's disclosure plan to a table of shares with intervals, quality flags and the cells it
publishes (docs/ARCHITECTURE.md, « Provenance method » and « Privacy »).

A topic (topics/provenance/metrics.py …) describes its tables with TableSpec (query, dimension, how they are
shown) and asks build_share_table for each one; the weighting helpers here read the strata, the
attendance and the unit of analysis of a population of responses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd

from .. import disclosure, privacy, stats, store
from ..i18n import Message
from ..weighting import UnitOfAnalysis, Weighting, unit_of_analysis, weighting_for

UNKNOWN = "unknown"  # the key of a non-response row (NULL keys are non-response too)
STRATUM = ["museum_id", "survey_year", "month"]
OTHER = "other"  # the key of the « Autres » row of a fold table
VALUE_COLUMNS = ["n", "share_unweighted", "share", "ci_low", "ci_high"]
TABLE_COLUMNS = [
    "key",
    "label",
    *VALUE_COLUMNS,
    "suppressed",
    "suppression_reason",
    "caution",
    "imprecise",
    "base_n",
    "n_effective",
    "weighted",
]

# Why a table is not shown (the disclosure plan withholds it whole).
WITHHELD_FOR_PRIVACY = "privacy"


@dataclass(frozen=True)
class ShareTable:
    """Shares of a partition of respondents, confidentiality rules already applied.

    table columns: key, label, n, share_unweighted, share (weighted when weighted), ci_low, ci_high,
    suppressed, suppression_reason, caution, base_n, n_effective, weighted — plus survey_year for
    trends. Withheld cells have missing values. cells: what the table publishes (for the audit).
    too_small: the base has 1 to 9 respondents — nothing of the table is shown.
    """

    table: pd.DataFrame
    base_n: int  # respondents in the base (known key)
    n_unknown: int  # respondents left out of the base (key not known)
    weighting: Weighting | None
    available: bool = True  # False: sector figure withheld
    n_museums: int | None = None
    cells: tuple = ()
    too_small: bool = False
    counts_published: bool = True  # False for the other museums: shares only
    withheld_reason: str | None = None


# --- weighting (smq_analytics.weighting) ------------------------------------------------------------


def unit_for(scope_con, museum_id: str | None, year: int, exclude: str | None = None) -> UnitOfAnalysis:
    """Whether a population's figures count visitors (party sizes given often enough) or parties."""
    sizes = store.query(scope_con, "metrics/party_sizes", {"museum_id": museum_id, "year": year, "exclude": exclude})
    return unit_of_analysis(sizes["party_size"])


def party_params(unit: UnitOfAnalysis) -> dict:
    """The bound parameters of the visitor_multiplier SQL macro for a unit of analysis."""
    mean = float(unit.mean_party_size) if unit.by_visitors else 1.0
    return {"by_visitors": unit.by_visitors, "party_cap": unit.cap, "party_mean": mean}


def strata(scope_con, museum_id: str | None, year: int | None, unit: UnitOfAnalysis) -> pd.DataFrame:
    frame = store.query(
        scope_con, "metrics/survey_strata", {"museum_id": museum_id, "year": year, **party_params(unit)}
    )
    frame["month"] = frame["month"].astype(str)
    return frame


def attendance_months(scope_con, museum_id: str | None, year: int | None) -> pd.DataFrame:
    """Monthly attendance of the museums and seasons surveyed (months without responses included)."""
    frame = store.query(scope_con, "metrics/attendance_months", {"museum_id": museum_id, "year": year})
    frame["month"] = frame["month"].astype(str)
    return frame


def weights_for(scope_con, strata: pd.DataFrame, museum_id: str | None, year: int | None):
    return weighting_for(strata, attendance_months(scope_con, museum_id, year))


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


def is_residual(keys: pd.Series) -> pd.Series:
    return keys.isna() | (keys.astype("string") == UNKNOWN).fillna(False).astype(bool)


def planned_table(spec: TableSpec, pop: str, name: str, counts: pd.DataFrame) -> disclosure.PlannedTable:
    residual = is_residual(counts["key"])
    totals = counts[~residual].groupby(counts.loc[~residual, "key"].astype(str))["n"].sum()
    keys = list(spec.keys) if spec.keys is not None else sorted(totals.index)
    rows = [disclosure.PlannedRow(key, int(totals.get(key, 0))) for key in keys]
    return disclosure.PlannedTable(
        population=pop,
        name=name,
        dimension=spec.dimension,
        mode=spec.mode,
        rows=rows,
        base_where=dict(spec.base_where),
        base_exclude=dict(spec.base_exclude),
        residual_n=int(counts.loc[residual, "n"].sum()) if spec.residual_where is not None else None,
        residual_where=spec.residual_where,
        top=spec.top,
    )


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


def empty_table() -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype=float) for column in TABLE_COLUMNS})


def build_share_table(
    counts: pd.DataFrame,
    weights: pd.DataFrame,
    planned: disclosure.PlannedTable,
    spec: TableSpec,
    lang: str,
    weighted: bool,
) -> ShareTable:
    """Weighted shares of what the plan lets a table show; withheld cells carry no values.

    A response weighs its month's post-stratification weight × its visitor multiplier (party size
    when figures count visitors) / the mean multiplier of its stratum, so each stratum keeps the
    weight attendance gave it (weighting.visitor_weights, summed per cell in SQL).
    """
    merged = counts.merge(response_factors(weights), on=STRATUM, how="left", validate="many_to_one")
    if merged["factor"].isna().any():
        raise AssertionError("cellule sans poids / count cell without a weight")
    residual = is_residual(merged["key"])
    known = merged[~residual].assign(key=lambda f: f["key"].astype(str))
    known["wn"] = known["m_sum"] * known["factor"]
    known["wn2"] = known["m_sq"] * known["factor"] ** 2
    base_n = int(known["n"].sum())
    n_unknown = int(merged.loc[residual, "n"].sum())
    cells = tuple(planned.cells())
    if planned.withheld_entirely:
        return ShareTable(empty_table(), 0, 0, None, cells=cells, withheld_reason=WITHHELD_FOR_PRIVACY)
    if planned.too_small or base_n == 0:
        return ShareTable(empty_table(), base_n, n_unknown, None, cells=cells, too_small=planned.too_small)
    base_w = float(known["wn"].sum())
    n_eff = base_w**2 / float(known["wn2"].sum())
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
            rows.append(
                row(OTHER, n_other, float(by_key["wn"].reindex(folded).fillna(0).sum()), n_other < disclosure.MIN_CELL)
            )
    table = pd.DataFrame(rows)
    table["n"] = table["n"].astype("int64")
    table["suppression_reason"] = pd.Series(
        [privacy.HIDDEN if h else pd.NA for h in table["suppressed"]], dtype="string"
    )
    table["share_unweighted"] = table["n"] / base_n
    table["share"] = table["wn"] / base_w
    low, high = stats.wilson_interval(table["share"].to_numpy(dtype=float) * n_eff, np.full(len(table), n_eff))
    table["ci_low"], table["ci_high"] = low, high
    # quality, as the Institut de la statistique du Québec flags it: the coefficient of variation of
    # the share (15–25 %: caution; above 25 %: imprecise, not shown), and the caution of small cells
    flag = pd.Series(stats.quality_flag(table["share"].to_numpy(dtype=float), n_eff), index=table.index)
    zero = table["n"] == 0
    table["imprecise"] = (flag == stats.QUALITY_UNRELIABLE) & ~zero & ~table["suppressed"]
    table["caution"] = [
        (not s) and not z and (f == stats.QUALITY_CAUTION or privacy.needs_caution_share(n, base_n))
        for n, s, z, f in zip(table["n"], table["suppressed"], zero, flag)
    ]
    table.loc[table["imprecise"], ["share", "ci_low", "ci_high"]] = np.nan
    table["base_n"] = base_n
    table["n_effective"] = n_eff
    table["weighted"] = weighted
    table = privacy.blank_suppressed(table, VALUE_COLUMNS)
    table["suppressed"] = table["suppressed"].astype(bool)
    table["caution"] = table["caution"].astype(bool) & ~table["imprecise"]
    table["imprecise"] = table["imprecise"].astype(bool)
    return ShareTable(table[TABLE_COLUMNS].reset_index(drop=True), base_n, n_unknown, None, cells=cells)


def response_factors(weights: pd.DataFrame) -> pd.DataFrame:
    """Per stratum month: the weight of one visitor-multiplier unit (weight / mean multiplier of the
    final stratum, which may span several months)."""
    group = [weights["museum_id"], weights["survey_year"], weights["stratum"]]
    mean_multiplier = weights.groupby(group)["m_sum"].transform("sum") / weights.groupby(group)["n"].transform("sum")
    return weights[STRATUM].assign(factor=weights["weight"] / mean_multiplier)
