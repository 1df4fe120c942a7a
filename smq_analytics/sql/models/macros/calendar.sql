-- The museum's year (docs/ARCHITECTURE.md, « One home per rule »): smq_analytics/calendar.py states
-- the same rule in Python and tests/test_calendar.py compares both for every month and start month.

-- The fiscal year a month belongs to, named by the calendar year in which that year ENDS (the Quebec
-- government's convention: with start_month 4, April 2024 – March 2025 is fiscal 2025, « exercice
-- 2024-2025 »). start_month 1 is the calendar year: the fiscal year is the month's own year.
CREATE OR REPLACE MACRO fiscal_year(month_date, start_month) AS
    year(month_date) + CASE WHEN start_month > 1 AND month(month_date) >= start_month THEN 1 ELSE 0 END;

-- How a fiscal year is written, the same in French and English: « 2024-2025 » for a year that starts
-- after January, « 2024 » for a calendar year.
CREATE OR REPLACE MACRO fiscal_year_label(fiscal_year, start_month) AS
    CASE WHEN start_month > 1 THEN (fiscal_year - 1)::VARCHAR || '-' || fiscal_year::VARCHAR
         ELSE fiscal_year::VARCHAR END;
