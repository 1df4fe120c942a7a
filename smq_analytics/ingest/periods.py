"""Dates, ISO weeks and months as written in exports, parsed column-wise.

Dates: ISO 2024-07-15 (a time after it is ignored), else the mapping's date_format, else the Quebec
day-first form 15/07/2024. Weeks: 2024-W27 (ISO) or the date the week starts. Months: 2024-01,
2024-01-01, 01/2024, janv. 2024, janvier 2024, January 2024, Jan 2024, janv-24.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

import pandas as pd

from ..i18n import MONTH_ABBREVIATIONS, MONTH_NAMES
from .values import map_distinct

_ISO_DATE = r"^(\d{4}-\d{1,2}-\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$"
_DAY_FIRST = r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"
_ISO_WEEK = r"^(\d{4})-?[Ww](\d{1,2})(?:-?([1-7]))?$"

# Month words as exports write them, folded (lower case, no accent, no dot): the French and English
# names and abbreviations of i18n (the one home of month names), plus « fév », a common French short form.
_EXTRA_MONTH_WORDS = {2: ("fev",)}


def _month_word(word: str) -> str:
    plain = unicodedata.normalize("NFD", word.lower().rstrip("."))
    return "".join(ch for ch in plain if not unicodedata.combining(ch))


_MONTH_BY_NAME = {
    _month_word(word): number
    for number in range(1, 13)
    for word in (
        *(names[number - 1] for names in (*MONTH_NAMES.values(), *MONTH_ABBREVIATIONS.values())),
        *_EXTRA_MONTH_WORDS.get(number, ()),
    )
}
_NUMERIC_MONTH = re.compile(r"(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?(?:[ t].*)?")
_MONTH_YEAR = re.compile(r"(\d{1,2})[-/.](\d{4})")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")
_NAMED_MONTH = re.compile(r"([a-z]+)\.?[\s\-.]*(\d{4}|\d{2})")

# Years a month may be written with. Exports hold visits of the last seasons and a few years ahead
# (budgets); the bounds only keep out what no calendar or store can hold — year 0 (« 0000-01 », which
# datetime.date refuses) and years before 1678 or after 2262 (beyond pandas' nanosecond dates) —
# with a wide margin on both sides. Outside them a month is unreadable (None), like « 2024-13 ».
MIN_YEAR, MAX_YEAR = 1900, 2100


def _text(values: pd.Series) -> pd.Series:
    return values.astype("str").fillna("").str.strip()


def parse_dates(values: pd.Series, date_format: str | None = None) -> tuple[pd.Series, pd.Series]:
    """(dates as datetime64, bad mask). Empty cells are NaT and not bad; impossible dates are bad."""
    text = _text(values)
    iso = text.str.extract(_ISO_DATE)[0]
    dates = pd.to_datetime(iso, format="%Y-%m-%d", errors="coerce")
    rest = dates.isna() & iso.isna() & text.ne("")
    if rest.any():
        if date_format:
            other = pd.to_datetime(text.where(rest), format=date_format, errors="coerce")
        else:
            parts = text.where(rest).str.extract(_DAY_FIRST)
            other = pd.to_datetime(parts[2] + "-" + parts[1] + "-" + parts[0], format="%Y-%m-%d", errors="coerce")
        dates = dates.fillna(other.dt.normalize())
    return dates, text.ne("") & dates.isna()


def parse_weeks(values: pd.Series, date_format: str | None = None) -> tuple[pd.Series, pd.Series]:
    """(week start dates, bad mask) from ISO weeks '2024-W27' or from a week-start date."""
    text = _text(values)
    parts = text.str.extract(_ISO_WEEK)
    is_week = parts[0].notna()
    day = parts[2].fillna("1")
    starts = pd.to_datetime(
        (parts[0] + "-W" + parts[1].str.zfill(2) + "-" + day).where(is_week), format="%G-W%V-%u", errors="coerce"
    )
    # strptime rolls week 53 of a 52-week year over: keep only weeks that exist
    exists = starts.dt.isocalendar().week.astype("Int64") == pd.to_numeric(parts[1], errors="coerce").astype("Int64")
    starts = starts.where(exists.fillna(False).astype(bool)) - pd.to_timedelta(day.astype(int) - 1, unit="D")
    dates, _ = parse_dates(text.where(~is_week, ""), date_format)
    starts = starts.fillna(dates)
    return starts, text.ne("") & starts.isna()


def is_iso_week(values: pd.Series) -> pd.Series:
    return _text(values).str.fullmatch(_ISO_WEEK.strip("^$"))


def month_start(text: str | None) -> date | None:
    """First day of the month written in `text`, or None (also for a year outside MIN_YEAR–MAX_YEAR)."""
    if text is None:
        return None
    plain = unicodedata.normalize("NFKD", str(text).strip().lower())
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    year = month = None
    if match := _NUMERIC_MONTH.fullmatch(plain):
        year, month = int(match[1]), int(match[2])
        if match[3] and not _valid_day(year, month, int(match[3])):
            return None
    elif match := _MONTH_YEAR.fullmatch(plain):
        month, year = int(match[1]), int(match[2])
    elif match := _DAY_MONTH_YEAR.fullmatch(plain):
        day, month, year = int(match[1]), int(match[2]), int(match[3])
        if not _valid_day(year, month, day):
            return None
    elif match := _NAMED_MONTH.fullmatch(plain):
        month = _MONTH_BY_NAME.get(match[1])
        year = int(match[2]) + (2000 if len(match[2]) == 2 else 0)
    if not month or not 1 <= month <= 12 or not MIN_YEAR <= year <= MAX_YEAR:
        return None
    return date(year, month, 1)


def _valid_day(year: int, month: int, day: int) -> bool:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return False
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def parse_months(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(first day of each month as datetime64, bad mask), one parse per distinct text."""
    text = _text(values)
    months = pd.to_datetime(map_distinct(text.where(text.ne("")), month_start), errors="coerce")
    return months, text.ne("") & months.isna()


# --- what a load covers (load_ledger.periods) ---------------------------------------------------------

SITE_MARK = " · "  # attendance period of a named site: '2024-07 · Pavillon principal'


def season_periods(records: pd.DataFrame, column: str) -> list[str]:
    """The seasons ('2024') of a year column, sorted; for sources whose period_kind is 'season'."""
    return sorted({str(int(y)) for y in records[column].dropna()})


def month_periods(records: pd.DataFrame, columns: tuple[str, ...]) -> list[str]:
    """The months ('2024-07') of the date columns present, sorted; for period_kind 'month'."""
    months: set[str] = set()
    for column in columns:
        if column in records:
            months.update(pd.to_datetime(records[column]).dropna().dt.strftime("%Y-%m"))
    return sorted(months)


def month_site_periods(records: pd.DataFrame, month: str = "month", site: str = "site") -> list[str]:
    """Month × site ('2024-07 · Pavillon principal'; the month alone when the site is not named), for a
    source that keeps one entry per museum, month and site."""
    months = pd.to_datetime(records[month]).dt.strftime("%Y-%m")
    sites = records[site].fillna("").astype("str")
    return sorted({m if not s else f"{m}{SITE_MARK}{s}" for m, s in zip(months, sites) if isinstance(m, str)})
