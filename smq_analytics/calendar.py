"""The museum's year: which fiscal year a month belongs to and how that year is written.

One home for the rule (docs/ARCHITECTURE.md, « One home per rule »): the SQL macros `fiscal_year` and
`fiscal_year_label` (sql/models/macros/calendar.sql) say the same, and tests/test_calendar.py compares
both for every month and every start month.

Rule: a museum's year starts in `fiscal_year_start_month` (parameters/museums/<id>.yaml; 1, the
default, is the calendar year). A fiscal year is named by the calendar year in which it ENDS, the
Quebec government's convention: with start month 4, April 2024 – March 2025 is fiscal 2025, written
« 2024-2025 » (« exercice 2024-2025 »). Reason: attendance targets and annual totals follow the year
the museum reports on to its board and funders, not always January–December.
"""

from __future__ import annotations

from datetime import date

MONTHS = range(1, 13)


def check_start_month(start_month: int) -> int:
    """start_month as an int from 1 to 12; ValueError otherwise (parameter files are validated before)."""
    if isinstance(start_month, bool) or int(start_month) != start_month or int(start_month) not in MONTHS:
        raise ValueError(f"fiscal_year_start_month must be 1 to 12, not {start_month!r}")
    return int(start_month)


def fiscal_year(month: date, start_month: int = 1) -> int:
    """The fiscal year of the month holding `month` (a date; its day does not matter): its calendar
    year, plus one from `start_month` on when the year does not start in January."""
    start = check_start_month(start_month)
    return month.year + (1 if start > 1 and month.month >= start else 0)


def fiscal_year_months(year: int, start_month: int = 1) -> list[date]:
    """The twelve months (first days) of fiscal `year`, in order."""
    start = check_start_month(start_month)
    first = year - 1 if start > 1 else year
    return [date(first + (start - 1 + i) // 12, (start - 1 + i) % 12 + 1, 1) for i in range(12)]


def fiscal_year_label(year: int, start_month: int = 1) -> str:
    """« 2024-2025 » for fiscal 2025 of a year starting after January, « 2024 » for a calendar year;
    the same in French and English."""
    return f"{year - 1}-{year}" if check_start_month(start_month) > 1 else str(year)
