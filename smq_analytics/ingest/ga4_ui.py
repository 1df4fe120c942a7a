"""Source `ga4-ui`: CSV files downloaded from the Google Analytics 4 interface (« Télécharger le
fichier » → CSV), in English or French.

A download starts with a '#' block (report and dimension, account, property, segment, start and end
dates as YYYYMMDD; in French with a no-break space before the colon), the header right below it, then
the rows; numbers are raw (rates as fractions, durations as float seconds) whatever the interface
language. A « Instantané des rapports » / "Reports snapshot" download holds many tables separated by
blank lines, each with its own '#' lines; some are empty, the retention card is ragged and writes
-1 for « not yet available » (stored NULL). Tables whose columns cannot be mapped are skipped with
the caveat 'skipped_table'; a file without any known metric is refused.

Date dimensions: « Date » (YYYYMMDD) → grain 'day'; « Mois » / Month (YYYYMM, or the month number
within the file's range) and « Nième mois » / Nth month (counted from the start date) → 'month',
« Nième jour » / Nth day → 'day'; no date column → grain 'range' with the file's dates. A totals row
(« Total », "Grand total", or empty dimensions) is kept with is_total_row and checked against the
sum of the rows: a difference is the caveat 'totals_differ', not a refusal (GA4's totals count
users once). Shared rules: ingest/web_reports.py (docs/ARCHITECTURE.md, « Web analytics »).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pandas as pd

from ..i18n import Message
from .base import SourceSpec
from .web_reports import (
    Period,
    ReportReader,
    add_months,
    covered_months,
    day_period,
    month_period,
    yyyymmdd,
)

EXPECTED = {
    "date": Message("une date AAAAMMJJ (20240131)", "a date YYYYMMDD (20240131)"),
    "month": Message(
        "un mois AAAAMM (202401) ou un numéro de mois de la période (01–12)",
        "a month YYYYMM (202401) or a month number within the period (01–12)",
    ),
    "nth_month": Message("un rang de mois 0000, 0001…", "a month rank 0000, 0001…"),
    "nth_day": Message("un rang de jour 0000, 0001…", "a day rank 0000, 0001…"),
}


def _month(text: str, start: date | None, end: date | None) -> date | None:
    """'202401' → 2024-01-01; '01'–'12' → that month within [start, end] when it occurs there once."""
    text = text.strip()
    if re.fullmatch(r"\d{6}", text):
        year, month = int(text[:4]), int(text[4:])
        return date(year, month, 1) if 1 <= month <= 12 and 1900 <= year <= 2100 else None
    if re.fullmatch(r"\d{1,2}", text) and start is not None and end is not None and 1 <= int(text) <= 12:
        found, first = [], start.replace(day=1)
        while first <= end:
            if first.month == int(text):
                found.append(first)
            first = add_months(first, 1)
        return found[0] if len(found) == 1 else None
    return None


def _rank(text: str) -> int | None:
    text = text.strip()
    return int(text) if re.fullmatch(r"\d{1,6}", text) else None


class GA4InterfaceReader(ReportReader):
    platform = "ga4"
    source_kind = "ga4_ui_csv"
    missing_markers = frozenset({"-1"})

    def period(self, frame: pd.DataFrame, column: tuple[str, str], start, end, file_name: str, language) -> Period:
        header, canonical = column
        text = frame[header].astype("str").str.strip()
        expected = EXPECTED[canonical]
        if canonical == "date":
            days = text.map(yyyymmdd)
            return day_period(days, days.isna(), expected)
        if canonical == "nth_day":
            ranks = text.map(_rank)
            days = ranks.map(lambda n: None if n is None or start is None else start + timedelta(days=n))
            return day_period(days, days.isna(), expected)
        if canonical == "nth_month":
            ranks = text.map(_rank)
            firsts = ranks.map(lambda n: None if n is None or start is None else add_months(start, n))
            clip_start = start or date.min
        else:  # month
            firsts = text.map(lambda t: _month(t, start, end))
            clip_start = start or date.min
        bad = firsts.isna()
        if start is None or end is None:  # no '#' dates: the months themselves are the range
            known = firsts.dropna()
            clip_start = min(known) if len(known) else date.min
            clip_end = max(known).replace(day=28) + timedelta(days=4) if len(known) else date.max
            clip_end = clip_end.replace(day=1) - timedelta(days=1)
        else:
            clip_end = end
        return month_period(firsts, bad, max(clip_start, date.min), clip_end, expected)


SPEC = SourceSpec(
    name="ga4-ui",
    title=Message("Google Analytics 4 — téléchargements de l'interface", "Google Analytics 4 — interface downloads"),
    help=Message(
        "fichiers CSV téléchargés des rapports de GA4 (anglais ou français, instantanés compris)",
        "CSV files downloaded from GA4 reports (English or French, snapshots included)",
    ),
    raw_table="raw_web_rows",
    period_kind="month",
    periods=covered_months,
    parser=GA4InterfaceReader(),
    formats=("csv",),
    takes_mapping=False,
    options=(),
    purge="purge/delete_raw_web_rows",
    demo="smq_analytics.demo.web_files:ga4_ui_files",
    covered_periods="supersede",
    extra_raw_tables=("raw_web_tables",),
)
