"""Monthly attendance, by the museum's year: data basis, seasonality, change from year to year, the
paid / free / school mix and the attendance target, for one museum and fiscal year.

Each question reads one named query of sql/metrics/ (attendance_series.sql: the museum's months;
attendance_years.sql: its fiscal years, complete or not) and returns a small frame or dataclass.
Fiscal years come from the SQL macro `fiscal_year`, never recomputed here (docs/ARCHITECTURE.md,
« One home per rule »).

Rules (stated once, here):
- a fiscal year is complete with its 12 months; a partial year is never compared with a full one, nor
  with a target, nor given a change;
- the months shown are the 12 months ending with the last month loaded of the chosen fiscal year
  (the year itself when complete, else the latest twelve months), beside the same months one year
  earlier; a month not loaded has no bar and is never read as zero;
- the summer share is June to September over the twelve months, given only when all twelve are
  loaded;
- the change from one year to the next: stable when it is under STABLE_CHANGE in absolute value,
  else a rise or a fall of the rounded percentage (narrative.py words it);
- the mix of a year is published only when every month of the year gives paid, free and school
  entries; entries the three do not cover are « other » (total − paid − free − school).

Attendance totals are counts of entries that the museum publishes itself, not survey respondents:
no figure here is a respondent count, so nothing is withheld and no margin of error applies; charts
declare an empty list of cells for the runner's audit (docs/ARCHITECTURE.md, « Privacy »).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from ... import calendar, params, store
from ...metrics.scope import Scope, connection

SUMMER_MONTHS = (6, 7, 8, 9)  # June to September
STABLE_CHANGE = 0.01  # |change| under 1 % is « stable »
BUSIEST = 3  # months named as the busiest
TARGET_INDICATOR = "attendance_total"
PARTS = ("paid", "free", "school", "other")


def _month_text(month: date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def _month_date(text: str) -> date:
    year, month = text.split("-")
    return date(int(year), int(month), 1)


def _shift(month: date, months: int) -> date:
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def series(scope: Scope) -> pd.DataFrame:
    """Every month loaded: month ('YYYY-MM'), total, paid, free, school (NA when unknown), fiscal_year."""
    frame = store.query(connection(scope), "metrics/attendance_series", {"museum_id": scope.museum_id})
    for column in ("total", "paid", "free", "school"):
        frame[column] = frame[column].astype("Int64")
    return frame


def years(scope: Scope) -> pd.DataFrame:
    """The museum's fiscal years with attendance: fiscal_year, fiscal_year_label, total, months, complete."""
    frame = store.query(connection(scope), "metrics/attendance_years", {"museum_id": scope.museum_id})
    frame["complete"] = frame["complete"].astype(bool)
    return frame[["fiscal_year", "fiscal_year_label", "total", "months", "complete"]].reset_index(drop=True)


def start_month(scope: Scope) -> int:
    frame = store.query(connection(scope), "metrics/attendance_start_month", {"museum_id": scope.museum_id})
    return 1 if frame.empty else int(frame["start_month"].iloc[0])


# --- 1. data basis -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DataBasis:
    museum_id: str
    museum_name: str
    start_month: int  # the month the museum's year starts (1 = calendar year)
    n_months: int  # months loaded
    first_month: str | None  # 'YYYY-MM'
    last_month: str | None
    missing_months: tuple[str, ...]  # months between the first and the last that are not loaded
    year: int  # the fiscal year reported on
    year_label: str
    year_months: int  # months loaded in it
    year_complete: bool
    year_first_month: str | None  # its first and last months loaded
    year_last_month: str | None


def data_basis(scope: Scope) -> DataBasis:
    months = series(scope)
    start = start_month(scope)
    label = calendar.fiscal_year_label(scope.year, start)
    loaded = list(months["month"])
    missing: list[str] = []
    if loaded:
        month, last = _month_date(loaded[0]), _month_date(loaded[-1])
        present = set(loaded)
        while month <= last:
            if _month_text(month) not in present:
                missing.append(_month_text(month))
            month = _shift(month, 1)
    in_year = months[months["fiscal_year"] == scope.year]["month"]
    return DataBasis(
        museum_id=scope.museum_id,
        museum_name=scope.museum_name,
        start_month=start,
        n_months=len(loaded),
        first_month=loaded[0] if loaded else None,
        last_month=loaded[-1] if loaded else None,
        missing_months=tuple(missing),
        year=scope.year,
        year_label=label,
        year_months=len(in_year),
        year_complete=len(in_year) == 12,
        year_first_month=in_year.iloc[0] if len(in_year) else None,
        year_last_month=in_year.iloc[-1] if len(in_year) else None,
    )


# --- 2. monthly attendance and seasonality -------------------------------------------------------


@dataclass(frozen=True)
class MonthlyWindow:
    """Twelve months and the same twelve one year earlier.

    table: one row per month of the window, in order: month ('YYYY-MM'), month_number (1–12), total
    (NA when not loaded), previous_month, previous_total (NA when not loaded).
    """

    table: pd.DataFrame
    first: str | None
    last: str | None
    complete: bool  # all twelve months loaded
    previous_complete: bool
    total: int | None  # the window's attendance, when complete
    previous_total: int | None
    summer_share: float | None  # June–September over the twelve months, when complete
    previous_summer_share: float | None
    busiest: pd.DataFrame  # up to BUSIEST rows of table, the largest totals first


def _summer(totals: pd.Series, numbers: pd.Series) -> float | None:
    whole = int(totals.sum())
    if whole <= 0:
        return None
    return float(totals[numbers.isin(SUMMER_MONTHS)].sum()) / whole


def monthly(scope: Scope) -> MonthlyWindow:
    """The 12 months ending with the last month loaded of the scope's fiscal year, and last year's."""
    months = series(scope)
    in_year = months[months["fiscal_year"] == scope.year]
    empty = pd.DataFrame(columns=["month", "month_number", "total", "previous_month", "previous_total"])
    if in_year.empty:
        return MonthlyWindow(empty, None, None, False, False, None, None, None, None, empty)
    last = _month_date(in_year["month"].iloc[-1])
    window = [_shift(last, i) for i in range(-11, 1)]
    totals = dict(zip(months["month"], months["total"]))
    rows = []
    for month in window:
        previous = _shift(month, -12)
        rows.append(
            {
                "month": _month_text(month),
                "month_number": month.month,
                "total": totals.get(_month_text(month), pd.NA),
                "previous_month": _month_text(previous),
                "previous_total": totals.get(_month_text(previous), pd.NA),
            }
        )
    table = pd.DataFrame(rows)
    table["total"] = table["total"].astype("Int64")
    table["previous_total"] = table["previous_total"].astype("Int64")
    complete = bool(table["total"].notna().all())
    previous_complete = bool(table["previous_total"].notna().all())
    loaded = table[table["total"].notna()]
    busiest = loaded.sort_values(["total", "month"], ascending=[False, True], kind="stable").head(BUSIEST)
    return MonthlyWindow(
        table=table,
        first=table["month"].iloc[0],
        last=table["month"].iloc[-1],
        complete=complete,
        previous_complete=previous_complete,
        total=int(table["total"].sum()) if complete else None,
        previous_total=int(table["previous_total"].sum()) if previous_complete else None,
        summer_share=_summer(table["total"], table["month_number"]) if complete else None,
        previous_summer_share=(_summer(table["previous_total"], table["month_number"]) if previous_complete else None),
        busiest=busiest.reset_index(drop=True),
    )


# --- 3. change from year to year -----------------------------------------------------------------


def year_changes(scope: Scope) -> pd.DataFrame:
    """Fiscal years up to the scope's, with the change from the year before when both are complete.

    Columns: fiscal_year, fiscal_year_label, total, months, complete, previous_total (NA unless this
    year and the year before are both complete), difference (visitors), change (ratio; NA likewise).
    """
    frame = years(scope)
    frame = frame[frame["fiscal_year"] <= scope.year].reset_index(drop=True)
    complete = dict(zip(frame["fiscal_year"], frame["complete"]))
    totals = dict(zip(frame["fiscal_year"], frame["total"]))
    previous, difference, change = [], [], []
    for row in frame.itertuples():
        before = row.fiscal_year - 1
        if row.complete and complete.get(before) and totals[before] > 0:
            previous.append(int(totals[before]))
            difference.append(int(row.total) - int(totals[before]))
            change.append(int(row.total) / int(totals[before]) - 1)
        else:
            previous.append(pd.NA)
            difference.append(pd.NA)
            change.append(pd.NA)
    frame["previous_total"] = pd.array(previous, dtype="Int64")
    frame["difference"] = pd.array(difference, dtype="Int64")
    frame["change"] = pd.array(change, dtype="Float64")
    return frame


def direction(change: float) -> str:
    """'stable' when |change| < STABLE_CHANGE, else 'rise' or 'fall'."""
    if abs(change) < STABLE_CHANGE:
        return "stable"
    return "rise" if change > 0 else "fall"


# --- 4. paid / free / school ----------------------------------------------------------------------


def mix(scope: Scope) -> pd.DataFrame:
    """Shares of paid, free, school and other entries per complete fiscal year up to the scope's,
    for the years whose every month gives the three parts.

    Columns: fiscal_year, fiscal_year_label, total, paid, free, school, other (entries) and
    paid_share, free_share, school_share, other_share. Empty when the files never give the parts.
    """
    months = series(scope)
    frame = years(scope)
    labels = dict(zip(frame["fiscal_year"], frame["fiscal_year_label"]))
    rows = []
    for fiscal_year, group in months[months["fiscal_year"] <= scope.year].groupby("fiscal_year", sort=True):
        if len(group) != 12 or group[["paid", "free", "school"]].isna().any().any():
            continue
        total = int(group["total"].sum())
        parts = {part: int(group[part].sum()) for part in ("paid", "free", "school")}
        parts["other"] = total - sum(parts.values())
        row = {"fiscal_year": int(fiscal_year), "fiscal_year_label": labels[fiscal_year], "total": total, **parts}
        row.update({f"{part}_share": (parts[part] / total if total else float("nan")) for part in PARTS})
        rows.append(row)
    columns = ["fiscal_year", "fiscal_year_label", "total", *PARTS, *(f"{p}_share" for p in PARTS)]
    return pd.DataFrame(rows, columns=columns)


def mix_known(scope: Scope) -> bool:
    """Whether any month loaded gives the three parts (else the files never distinguish them)."""
    months = series(scope)
    return bool(months[["paid", "free", "school"]].notna().all(axis=1).any())


# --- 5. target -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetProgress:
    """An attendance target: its year and value, the baseline year's total and the latest complete
    fiscal year up to the target year (None when not complete / not loaded)."""

    year: int
    year_label: str
    value: int
    note: str | None
    baseline_year: int | None
    baseline_label: str | None
    baseline_total: int | None  # None when the baseline year is not complete
    current_year: int | None  # the target year when complete, else the latest complete year before it
    current_label: str | None
    current_total: int | None
    target_year_months: int  # months loaded in the target year

    @property
    def reached_year(self) -> bool:
        """Whether the current year is the target year itself (complete)."""
        return self.current_year == self.year

    @property
    def gap(self) -> float | None:
        """(current − target) / target, for a complete year only."""
        if self.current_total is None or not self.value:
            return None
        return self.current_total / self.value - 1


def targets(scope: Scope) -> list[TargetProgress]:
    """The museum's attendance_total targets (parameters/museums/<id>.yaml), oldest target year first.

    A museum without a parameter file has no target. Only complete fiscal years are compared."""
    try:
        museum = params.load_museum(scope.museum_id)
    except params.ParameterError:
        return []
    start = start_month(scope)
    frame = years(scope)
    complete = {int(r.fiscal_year): int(r.total) for r in frame.itertuples() if r.complete}
    months = {int(r.fiscal_year): int(r.months) for r in frame.itertuples()}
    out = []
    for target in sorted((t for t in museum.targets if t.indicator == TARGET_INDICATOR), key=lambda t: t.year):
        candidates = [y for y in complete if y <= target.year and y != target.baseline_year]
        current = max(candidates) if candidates else None
        baseline = target.baseline_year
        out.append(
            TargetProgress(
                year=int(target.year),
                year_label=calendar.fiscal_year_label(int(target.year), start),
                value=int(target.value),
                note=target.note,
                baseline_year=baseline,
                baseline_label=calendar.fiscal_year_label(int(baseline), start) if baseline else None,
                baseline_total=complete.get(int(baseline)) if baseline else None,
                current_year=current,
                current_label=calendar.fiscal_year_label(current, start) if current else None,
                current_total=complete.get(current) if current else None,
                target_year_months=months.get(int(target.year), 0),
            )
        )
    return out
