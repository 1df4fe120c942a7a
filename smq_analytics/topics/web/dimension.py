"""One dimension of the mart web_metrics (channel_group, landing_page, source, source_medium, key_event)
summed over a calendar year, from one source and one grain, so that nothing is counted twice
(docs/ARCHITECTURE.md, « Topics », Web).

Rule: per museum and year, the best source that gives the dimension's sessions (raw events, then the
GA4 API, then GA4 interface downloads, then Universal Analytics: metrics.SOURCE_ORDER); within it the
finest grain (month, then day, then range). Range tables (a report downloaded for a date range) are
taken longest first and kept only when they do not overlap one already taken: two downloads of the
same report over nested ranges are not added. Additive metrics are summed; a rate given without its
parts is averaged weighted by sessions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import duckdb
import pandas as pd

from .metrics import ADDITIVE, SOURCE_ORDER, quiet_query

GRAIN_ORDER = ("month", "day", "range")


@dataclass(frozen=True)
class YearTotals:
    """One museum-year of a dimension: the source and grain chosen, the days covered and, per value
    of the dimension, its metrics (a frame: dimension_value, then one column per metric)."""

    museum_id: str
    source_kind: str | None
    platform: str | None
    first_day: date | None
    last_day: date | None
    table: pd.DataFrame

    @property
    def empty(self) -> bool:
        return self.table.empty


DIMENSIONS = ("channel_group", "landing_page", "key_event", "source", "source_medium")
METRICS = ("sessions", "engaged_sessions", "engagement_rate", "key_events")


@lru_cache(maxsize=16)
def _report_rows(con: duckdb.DuckDBPyConnection, report_year: int) -> pd.DataFrame:
    """Every museum's rows of DIMENSIONS × METRICS inside the report's year and the year before, read
    once per connection and report year: web_metrics is a view over every source, costly to evaluate,
    and a report asks it for several dimensions, two years and every museum (peers)."""
    return quiet_query(
        con,
        "metrics/web_dimension_rows",
        {
            "museum_id": None,
            "dimensions": list(DIMENSIONS),
            "metrics": list(METRICS),
            "first": f"{report_year - 1:04d}-01-01",
            "last": f"{report_year:04d}-12-31",
        },
    )


def rows(
    con: duckdb.DuckDBPyConnection,
    museum_id: str | None,
    dimension: str,
    metrics: tuple[str, ...],
    year: int,
    report_year: int | None = None,
) -> pd.DataFrame:
    """The rows of one dimension and the metrics asked (of METRICS) inside calendar year `year`; every
    museum for None. report_year (default: year) is the report's year; year may be it or the one before."""
    frame = _report_rows(con, int(report_year or year))
    first, last = date(int(year), 1, 1), date(int(year), 12, 31)
    starts, ends = pd.to_datetime(frame["period_start"]).dt.date, pd.to_datetime(frame["period_end"]).dt.date
    keep = (frame["dimension"] == dimension) & frame["metric"].isin(metrics) & (starts >= first) & (ends <= last)
    if museum_id is not None:
        keep &= frame["museum_id"] == museum_id
    return frame[keep].reset_index(drop=True)


def _ranges(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of non-overlapping range tables, longest first (ties: the latest end)."""
    spans = frame[["period_start", "period_end"]].drop_duplicates()
    spans = spans.assign(length=(pd.to_datetime(spans["period_end"]) - pd.to_datetime(spans["period_start"])).dt.days)
    spans = spans.sort_values(["length", "period_end"], ascending=[False, False], kind="stable")
    kept: list[tuple] = []
    for start, end in zip(spans["period_start"], spans["period_end"]):
        if all(end < s or start > e for s, e in kept):
            kept.append((start, end))
    mask = pd.Series(False, index=frame.index)
    for start, end in kept:
        mask |= (frame["period_start"] == start) & (frame["period_end"] == end)
    return frame[mask]


def choose(frame: pd.DataFrame, museum_id: str, metrics: tuple[str, ...]) -> YearTotals:
    """The museum's YearTotals from the rows of rows() (one museum)."""
    empty = pd.DataFrame(columns=["dimension_value", *metrics])
    mine = frame[frame["museum_id"] == museum_id]
    for kind in SOURCE_ORDER:
        of_kind = mine[mine["source_kind"] == kind]
        if of_kind.empty or not (of_kind["metric"] == "sessions").any():
            continue
        for grain in GRAIN_ORDER:
            chosen = of_kind[of_kind["grain"] == grain]
            if chosen.empty or not (chosen["metric"] == "sessions").any():
                continue
            if grain == "range":
                chosen = _ranges(chosen)
            return YearTotals(
                museum_id=museum_id,
                source_kind=kind,
                platform=str(chosen["platform"].iloc[0]),
                first_day=pd.Timestamp(chosen["period_start"].min()).date(),
                last_day=pd.Timestamp(chosen["period_end"].max()).date(),
                table=_sum(chosen, metrics),
            )
    return YearTotals(museum_id, None, None, None, None, empty)


def _sum(chosen: pd.DataFrame, metrics: tuple[str, ...]) -> pd.DataFrame:
    wide = chosen.pivot_table(
        index=["dimension_value", "period_start", "period_end"], columns="metric", values="value", aggfunc="sum"
    ).reset_index()
    out = pd.DataFrame({"dimension_value": sorted(wide["dimension_value"].astype(str).unique())})
    grouped = wide.groupby("dimension_value")
    for metric in metrics:
        if metric not in wide:
            out[metric] = float("nan")
        elif metric in ADDITIVE:
            out[metric] = out["dimension_value"].map(grouped[metric].sum(min_count=1)).astype(float)
        else:  # a rate or an average: weighted by sessions
            weights = wide["sessions"] if "sessions" in wide else pd.Series(1.0, index=wide.index)
            valid = wide[metric].notna() & weights.notna()
            numerator = (wide[metric] * weights)[valid].groupby(wide["dimension_value"][valid]).sum()
            denominator = weights[valid].groupby(wide["dimension_value"][valid]).sum()
            out[metric] = out["dimension_value"].map(numerator / denominator.where(denominator > 0)).astype(float)
    return out


def year_totals(
    con: duckdb.DuckDBPyConnection,
    museum_id: str,
    dimension: str,
    metrics: tuple[str, ...],
    year: int,
    report_year: int | None = None,
) -> YearTotals:
    return choose(rows(con, museum_id, dimension, metrics, year, report_year), museum_id, metrics)
