"""The museum's year: smq_analytics/calendar.py and the SQL macros fiscal_year / fiscal_year_label
(sql/models/macros/calendar.sql) are one rule, and attendance_years totals each fiscal year.

The convention (a fiscal year is named by the calendar year in which it ends; April 2024 – March 2025
is fiscal 2025 when the year starts in April) is restated here by hand, month by month.
"""

from __future__ import annotations

from datetime import date

import pytest

from smq_analytics import calendar, store
from smq_analytics.ingest.registry import SOURCES

pytestmark = pytest.mark.timeout(120)

MUSEUM = "musee-test"  # the conftest `con` fixture's museum


@pytest.fixture(scope="module")
def memory():
    connection = store.connect(":memory:", read_only=False)  # migrated, macros created
    yield connection
    connection.close()


def hand_fiscal_year(year: int, month: int, start: int) -> int:
    """The year in which the fiscal year holding (year, month) ends: its last month is start - 1
    (December for a calendar year), reached this year when month < start, next year otherwise."""
    if start == 1:
        return year
    return year if month < start else year + 1


def test_python_and_sql_agree_for_every_month_and_start_month(memory):
    cases = [(year, month, start) for year in (2023, 2024) for month in range(1, 13) for start in range(1, 13)]
    sql = memory.execute(
        "SELECT fiscal_year(make_date(y, m, 1), s), fiscal_year_label(fiscal_year(make_date(y, m, 1), s), s)"
        " FROM (SELECT unnest($y) AS y, unnest($m) AS m, unnest($s) AS s)",
        {"y": [c[0] for c in cases], "m": [c[1] for c in cases], "s": [c[2] for c in cases]},
    ).fetchall()
    for (year, month, start), (sql_year, sql_label) in zip(cases, sql, strict=True):
        expected = hand_fiscal_year(year, month, start)
        assert calendar.fiscal_year(date(year, month, 15), start) == expected == sql_year, (year, month, start)
        assert calendar.fiscal_year_label(expected, start) == sql_label


def test_april_to_march_is_named_by_the_year_it_ends_in():
    assert calendar.fiscal_year(date(2024, 4, 1), 4) == 2025
    assert calendar.fiscal_year(date(2025, 3, 31), 4) == 2025
    assert calendar.fiscal_year(date(2024, 3, 31), 4) == 2024
    assert calendar.fiscal_year_label(2025, 4) == "2024-2025"
    assert calendar.fiscal_year_label(2024, 1) == "2024"


@pytest.mark.parametrize("start", range(1, 13))
def test_a_fiscal_year_has_twelve_consecutive_months_that_all_belong_to_it(start):
    months = calendar.fiscal_year_months(2025, start)
    assert len(set(months)) == 12 and months == sorted(months)
    assert all(calendar.fiscal_year(m, start) == 2025 for m in months)
    assert months[0].month == start


@pytest.mark.parametrize("start", [0, 13, 2.5, True])
def test_a_start_month_outside_1_to_12_is_refused(start):
    with pytest.raises(ValueError):
        calendar.fiscal_year(date(2024, 1, 1), start)


def load_attendance(con, museum_id: str, totals: dict[date, int]) -> None:
    con.execute(
        "INSERT INTO load_ledger (load_id, source, museum_id, file_name, file_sha256, file_format, rows_read,"
        " rows_accepted, rows_rejected, loaded_at) VALUES (1, 'attendance', ?, 'a.csv', ?, 'csv', ?, ?, 0, now())",
        [museum_id, "0" * 64, len(totals), len(totals)],
    )
    con.executemany(
        "INSERT INTO raw_attendance (load_id, row_number, museum_id, month, total) VALUES (1, ?, ?, ?, ?)",
        [[i + 2, museum_id, month, total] for i, (month, total) in enumerate(totals.items())],
    )


def test_attendance_years_totals_each_fiscal_year_and_marks_only_twelve_months_complete(con):
    assert SOURCES["attendance"].raw_table == "raw_attendance"
    months = [date(2024 + (m - 1) // 12, (m - 1) % 12 + 1, 1) for m in range(1, 19)]  # Jan 2024 – Jun 2025
    totals = {month: 100 * (i + 1) for i, month in enumerate(months)}
    load_attendance(con, MUSEUM, totals)

    def total(first: date, last: date) -> int:
        return sum(v for k, v in totals.items() if first <= k <= last)

    con.execute("UPDATE museums SET fiscal_year_start_month = 4 WHERE museum_id = ?", [MUSEUM])
    april = store.query(con, "metrics/attendance_years", {"museum_id": MUSEUM})
    assert list(april.itertuples(index=False, name=None)) == [
        (MUSEUM, 2024, "2023-2024", 4, total(date(2024, 1, 1), date(2024, 3, 1)), 3, False),
        (MUSEUM, 2025, "2024-2025", 4, total(date(2024, 4, 1), date(2025, 3, 1)), 12, True),
        (MUSEUM, 2026, "2025-2026", 4, total(date(2025, 4, 1), date(2025, 6, 1)), 3, False),
    ]
    con.execute("UPDATE museums SET fiscal_year_start_month = 1 WHERE museum_id = ?", [MUSEUM])
    calendar_years = store.query(con, "metrics/attendance_years", {"museum_id": None})
    assert list(calendar_years.itertuples(index=False, name=None)) == [
        (MUSEUM, 2024, "2024", 1, total(date(2024, 1, 1), date(2024, 12, 1)), 12, True),
        (MUSEUM, 2025, "2025", 1, total(date(2025, 1, 1), date(2025, 6, 1)), 6, False),
    ]
