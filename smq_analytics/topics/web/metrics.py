"""The web workbook's figures for one museum and calendar year: what was sent (data basis), the monthly
traffic beside attendance, engagement, and the shared helpers the other modules of the topic use
(docs/ARCHITECTURE.md, « Topics », Web).

Each question reads named queries of sql/metrics/web_*.sql over the marts web_monthly, web_metrics,
web_loads, web_event_quality (and attendance_monthly through attendance_series.sql) and returns a
small frame or dataclass. Rules (stated once, here):

- the report's year is a calendar year; a month counts as « complete » when its best source covers
  all its days (web_monthly.complete);
- one platform per year for traffic and engagement: GA4 when the year has any GA4 month, else
  Universal Analytics (the two count differently: continuity.py puts them side by side);
- the year is compared with the previous one on the months both have, complete in both (« janvier à
  novembre » when the year is not over), and only on the same platform;
- engagement rate = engaged sessions / sessions, GA4 bounce = 1 − engagement rate (never UA's bounce
  rate, which measured single-page sessions);
- web sessions are visits of browsers, not people nor respondents: nothing here is a respondent
  count, charts declare no cells (charts.count_bars) and nothing is withheld, except landing pages
  with few sessions, folded because a rare URL can identify (pages.py).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import duckdb
import pandas as pd

from ... import store
from ...metrics.scope import Scope, connection

GA4 = "ga4"
UA = "ua"
# The best source first (the contract's order for web_monthly; UA has one kind).
SOURCE_ORDER = ("ga4_events", "ga4_api", "ga4_ui_csv", "ua_export")
CLI_SOURCES = ("ga4-events", "ga4-ui", "ga4-api", "ua")
MIN_PAIRED_MONTHS = 6  # months with both sessions and attendance before a correlation is stated
ADDITIVE = ("sessions", "engaged_sessions", "views", "key_events", "event_count", "goal_completions", "entrances")


def month_text(month: date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def year_months(year: int) -> list[str]:
    return [f"{year:04d}-{m:02d}" for m in range(1, 13)]


def shift_month(month: str, months: int) -> str:
    index = int(month[:4]) * 12 + int(month[5:7]) - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def quiet_query(con: duckdb.DuckDBPyConnection, name: str, params: dict) -> pd.DataFrame:
    """store.query without DuckDB's progress bar: the web marts are views over every source and can take
    a few seconds, and a progress bar would end up in the report as an output."""
    con.execute("SET enable_progress_bar = false")
    return store.query(con, name, params)


def optional_query(con: duckdb.DuckDBPyConnection, name: str, params: dict) -> pd.DataFrame | None:
    """A named query over a mart built from GA4 raw events (web_sessions, web_key_events,
    web_event_quality); None when the store has no such view (a store made before the raw-event models).
    Any other error is raised."""
    try:
        return quiet_query(con, name, params)
    except duckdb.CatalogException:
        return None


MONTHLY_METRICS = (
    "sessions",
    "engaged_sessions",
    "views",
    "key_events",
    "active_users",
    "average_engagement_time",
)


@lru_cache(maxsize=16)
def _all_monthly(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every museum's web_monthly rows of MONTHLY_METRICS, read once per connection (the view is costly
    to evaluate; a report reads it for several sections and for every museum)."""
    frame = quiet_query(
        con,
        "metrics/web_monthly_series",
        {"museum_id": None, "metrics": list(MONTHLY_METRICS), "first": "1900-01-01", "last": "9999-12-01"},
    )
    frame["complete"] = frame["complete"].astype(bool)
    return frame


def monthly_rows(
    con: duckdb.DuckDBPyConnection, museum_id: str | None, metrics: tuple[str, ...], first: str, last: str
) -> pd.DataFrame:
    """web_monthly rows ('YYYY-MM' months from first to last inclusive) of the metrics asked (of
    MONTHLY_METRICS); every museum for None."""
    frame = _all_monthly(con)
    keep = frame["metric"].isin(metrics) & (frame["month"] >= first) & (frame["month"] <= last)
    if museum_id is not None:
        keep &= frame["museum_id"] == museum_id
    return frame[keep].reset_index(drop=True)


def pivot(rows: pd.DataFrame, platform: str, metric: str) -> dict[str, float]:
    """{month: value} of one platform and metric."""
    chosen = rows[(rows["platform"] == platform) & (rows["metric"] == metric)]
    return {str(m): float(v) for m, v in zip(chosen["month"], chosen["value"]) if v is not None and v == v}


def complete_months(rows: pd.DataFrame, platform: str) -> set[str]:
    chosen = rows[(rows["platform"] == platform) & (rows["metric"] == "sessions") & rows["complete"]]
    return set(map(str, chosen["month"]))


def year_platform(rows: pd.DataFrame, year: int) -> str | None:
    """GA4 when the year has any GA4 sessions month, else UA when it has UA ones, else None."""
    in_year = rows[rows["month"].str.startswith(f"{year:04d}-") & (rows["metric"] == "sessions")]
    platforms = set(in_year["platform"])
    return GA4 if GA4 in platforms else (UA if UA in platforms else None)


def has_web_data(scope: Scope) -> bool:
    return bool(scope.seasons)


def attendance_months(con: duckdb.DuckDBPyConnection, museum_id: str) -> dict[str, int]:
    """The museum's monthly attendance, calendar months ('YYYY-MM' → entries)."""
    frame = quiet_query(con, "metrics/attendance_series", {"museum_id": museum_id})
    return {str(m): int(t) for m, t in zip(frame["month"], frame["total"]) if not pd.isna(t)}


# --- 1. data basis -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceSent:
    """One source the museum sent: CLI name, platform, source kind, files, first and last day covered,
    the caveats its files carry (codes of web_loads.caveats)."""

    source: str
    platform: str
    source_kind: str
    files: int
    first_day: date
    last_day: date
    caveats: tuple[str, ...]


@dataclass(frozen=True)
class Quality:
    """GA4 raw events of the year: events kept, duplicates removed, events without identifiers
    (consent mode), days resting on an intraday file only."""

    events: int
    duplicates: int
    consent_events: int
    intraday_days: int
    last_intraday_day: date | None

    @property
    def consent_share(self) -> float | None:
        total = self.events
        return self.consent_events / total if total else None


@dataclass(frozen=True)
class DataBasis:
    museum_id: str
    museum_name: str
    year: int
    has_data: bool
    years: tuple[int, ...]
    sources: tuple[SourceSent, ...]
    rules_version: str | None  # channel rules of the raw-event models, when raw events were sent
    quality: Quality | None  # raw events of the year, when sent
    months: tuple[str, ...] = field(default=())  # months of the year with web data ('YYYY-MM')
    platform: str | None = None  # the year's platform (GA4 first)


def _caveats(values) -> tuple[str, ...]:
    found: list[str] = []
    for value in values:
        if value is None or (isinstance(value, float) and math.isnan(value)) or not str(value).strip():
            continue
        try:
            codes = json.loads(str(value))
        except json.JSONDecodeError:
            codes = [c.strip() for c in str(value).split(",")]
        for code in codes if isinstance(codes, list) else [codes]:
            if str(code) and str(code) not in found:
                found.append(str(code))
    return tuple(found)


def rules_version(con: duckdb.DuckDBPyConnection) -> str | None:
    """The channel rule set version (macro channel_rules_version), None when the store has no macro."""
    try:
        frame = store.query(con, "metrics/web_channel_rules")
    except duckdb.Error:
        return None
    return None if frame.empty else str(frame["version"].iloc[0])


def quality(con: duckdb.DuckDBPyConnection, museum_id: str, year: int) -> Quality | None:
    frame = optional_query(con, "metrics/web_event_quality", {"museum_id": museum_id, "year": year})
    if frame is None or frame.empty or not int(frame["days"].iloc[0]):
        return None
    row = frame.iloc[0]
    last = row["last_intraday_day"]
    return Quality(
        events=int(row["events"]),
        duplicates=int(row["duplicates"]),
        consent_events=int(row["consent_events"]),
        intraday_days=int(row["intraday_days"]),
        last_intraday_day=None if pd.isna(last) else pd.Timestamp(last).date(),
    )


def data_basis(scope: Scope) -> DataBasis:
    con = connection(scope)
    loads = quiet_query(con, "metrics/web_loads", {"museum_id": scope.museum_id})
    loads = loads[loads["active"].astype(bool)]
    sources = []
    for source in CLI_SOURCES:
        chosen = loads[loads["source"] == source]
        if chosen.empty:
            continue
        sources.append(
            SourceSent(
                source=source,
                platform=str(chosen["platform"].iloc[0]),
                source_kind=str(chosen["source_kind"].iloc[0]),
                files=int(len(chosen)),
                first_day=pd.Timestamp(chosen["date_start"].min()).date(),
                last_day=pd.Timestamp(chosen["date_end"].max()).date(),
                caveats=_caveats(chosen["caveats"]),
            )
        )
    raw_events = any(s.source == "ga4-events" for s in sources)
    rows = monthly_rows(con, scope.museum_id, ("sessions",), f"{scope.year:04d}-01", f"{scope.year:04d}-12")
    return DataBasis(
        museum_id=scope.museum_id,
        museum_name=scope.museum_name,
        year=scope.year,
        has_data=has_web_data(scope),
        years=tuple(scope.seasons),
        sources=tuple(sources),
        rules_version=rules_version(con) if raw_events else None,
        quality=quality(con, scope.museum_id, scope.year) if raw_events else None,
        months=tuple(sorted(set(rows["month"]))),
        platform=year_platform(rows, scope.year),
    )


# --- 2. traffic and seasonality ------------------------------------------------------------------


@dataclass(frozen=True)
class Traffic:
    """Sessions by month of the year and of the year before (same platform), beside attendance.

    table: month_number 1–12, sessions, previous_sessions, attendance (None when not available).
    Peaks are taken over the months with both sessions and attendance when there are any.
    compared: the months compared between the two years (in both, complete in both); total and
    previous_total: their sessions. peak_sessions / peak_attendance: month numbers of the year's
    highest values (None without data). correlation_0 / correlation_1: Pearson correlation of
    monthly sessions and attendance the same month, and of sessions with the next month's
    attendance, over `paired` months of the year and the year before (None under MIN_PAIRED_MONTHS).
    """

    year: int
    platform: str | None
    previous_platform: str | None
    table: pd.DataFrame
    compared: tuple[int, ...]
    total: float | None
    previous_total: float | None
    incomplete: tuple[int, ...]  # months of the year with data not covering every day
    peak_sessions: int | None
    peak_attendance: int | None
    correlation_0: float | None
    correlation_1: float | None
    paired: int


def _correlation(x: list[float], y: list[float]) -> float | None:
    if len(x) < MIN_PAIRED_MONTHS:
        return None
    series = pd.Series(x, dtype=float)
    other = pd.Series(y, dtype=float)
    if series.std() == 0 or other.std() == 0:
        return None
    return float(series.corr(other))


def traffic(scope: Scope) -> Traffic:
    con = connection(scope)
    year = scope.year
    rows = monthly_rows(con, scope.museum_id, ("sessions",), f"{year - 1:04d}-01", f"{year:04d}-12")
    platform = year_platform(rows, year)
    previous_platform = year_platform(rows, year - 1)
    sessions = pivot(rows, platform, "sessions") if platform else {}
    previous = pivot(rows, previous_platform, "sessions") if previous_platform else {}
    attendance = attendance_months(con, scope.museum_id)
    records = []
    for number, month in enumerate(year_months(year), start=1):
        before = shift_month(month, -12)
        records.append(
            {
                "month_number": number,
                "sessions": sessions.get(month),
                "previous_sessions": previous.get(before),
                "attendance": attendance.get(month),
            }
        )
    table = pd.DataFrame(records)
    compared: tuple[int, ...] = ()
    total = previous_total = None
    if platform and platform == previous_platform:
        full = complete_months(rows, platform)
        compared = tuple(
            n for n, m in enumerate(year_months(year), start=1) if m in full and shift_month(m, -12) in full
        )
        if compared:
            total = sum(sessions[year_months(year)[n - 1]] for n in compared)
            previous_total = sum(previous[shift_month(year_months(year)[n - 1], -12)] for n in compared)
    full_year = complete_months(rows, platform) if platform else set()
    incomplete = tuple(n for n, m in enumerate(year_months(year), start=1) if m in sessions and m not in full_year)
    # correlation over the two years' months with both series (same platform per month as shown)
    months_with_sessions = {**{m: v for m, v in previous.items()}, **sessions}
    x0, y0, x1, y1 = [], [], [], []
    for month in sorted(months_with_sessions):
        value = months_with_sessions[month]
        if month in attendance:
            x0.append(value)
            y0.append(attendance[month])
        following = shift_month(month, 1)
        if following in attendance and following[:4] in (str(year - 1), str(year)):
            x1.append(value)
            y1.append(attendance[following])

    # peaks over the months that have both series (when attendance is there), so that they compare
    both = table[table["sessions"].notna() & table["attendance"].notna()]
    shown = both if not both.empty else table

    def peak(column: str) -> int | None:
        values = shown[column].dropna()
        return None if values.empty else int(shown.loc[values.astype(float).idxmax(), "month_number"])

    return Traffic(
        year=year,
        platform=platform,
        previous_platform=previous_platform,
        table=table,
        compared=compared,
        total=total,
        previous_total=previous_total,
        incomplete=incomplete,
        peak_sessions=peak("sessions"),
        peak_attendance=peak("attendance"),
        correlation_0=_correlation(x0, y0),
        correlation_1=_correlation(x1, y1),
        paired=len(x0),
    )


# --- 5. engagement by month ----------------------------------------------------------------------


@dataclass(frozen=True)
class Engagement:
    """GA4 engagement of the year: by month (engaged sessions / sessions), over the year, and the
    average engagement time per active user when the source gives it (None otherwise)."""

    year: int
    platform: str | None
    table: pd.DataFrame  # month_number, sessions, engaged_sessions, engagement_rate (None: no data)
    sessions: float
    engaged_sessions: float
    average_engagement_time: float | None

    @property
    def rate(self) -> float | None:
        return self.engaged_sessions / self.sessions if self.sessions else None

    @property
    def bounce(self) -> float | None:
        return None if self.rate is None else 1 - self.rate


def engagement(scope: Scope) -> Engagement:
    con = connection(scope)
    year = scope.year
    rows = monthly_rows(
        con,
        scope.museum_id,
        ("sessions", "engaged_sessions", "average_engagement_time", "active_users"),
        f"{year:04d}-01",
        f"{year:04d}-12",
    )
    platform = year_platform(rows, year)
    sessions = pivot(rows, GA4, "sessions")
    engaged = pivot(rows, GA4, "engaged_sessions")
    times = pivot(rows, GA4, "average_engagement_time")
    users = pivot(rows, GA4, "active_users")
    records = []
    for number, month in enumerate(year_months(year), start=1):
        s, e = sessions.get(month), engaged.get(month)
        rate = e / s if s and e is not None else None
        records.append({"month_number": number, "sessions": s, "engaged_sessions": e, "engagement_rate": rate})
    table = pd.DataFrame(records)
    both = [m for m in sessions if m in engaged]
    weighted = [(times[m], users.get(m) or sessions[m]) for m in times if m in sessions]
    average = (
        sum(t * w for t, w in weighted) / sum(w for _, w in weighted)
        if weighted and sum(w for _, w in weighted)
        else None
    )
    return Engagement(
        year=year,
        platform=platform,
        table=table,
        sessions=float(sum(sessions[m] for m in both)),
        engaged_sessions=float(sum(engaged[m] for m in both)),
        average_engagement_time=average,
    )


def engaged_seconds(scope: Scope) -> int:
    """The museum's engaged-session threshold in seconds (10 when not set)."""
    frame = store.query(connection(scope), "metrics/web_engaged_seconds", {"museum_id": scope.museum_id})
    return 10 if frame.empty else int(frame["seconds"].iloc[0])
