-- Attendance by the museum's fiscal year (sql/models/macros/calendar.sql; parameters
-- fiscal_year_start_month, 1 = calendar year): the year's total, the months it has figures for, and
-- whether it is complete (all 12 months). A year with missing months is a partial total, never a year's
-- attendance to compare with a target. $museum_id NULL = every museum.
SELECT
    a.museum_id,
    fiscal_year(a.month, coalesce(m.fiscal_year_start_month, 1)) AS fiscal_year,
    fiscal_year_label(fiscal_year(a.month, coalesce(m.fiscal_year_start_month, 1)),
                      coalesce(m.fiscal_year_start_month, 1)) AS fiscal_year_label,
    coalesce(m.fiscal_year_start_month, 1) AS start_month,
    sum(a.total)::BIGINT AS total,
    count(DISTINCT a.month)::INTEGER AS months,
    count(DISTINCT a.month) = 12 AS complete
FROM attendance_monthly a
JOIN museums m USING (museum_id)
WHERE ($museum_id::VARCHAR IS NULL OR a.museum_id = $museum_id)
GROUP BY ALL
ORDER BY a.museum_id, fiscal_year;
