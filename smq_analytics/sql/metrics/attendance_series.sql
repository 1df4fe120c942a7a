-- One museum's monthly attendance, every month loaded, oldest first: total and, when the museum's
-- files give them, paid, free and school entries (NULL when unknown), with the month's fiscal year
-- (the fiscal_year macro, sql/models/macros/calendar.sql; docs/ARCHITECTURE.md, « One home per rule »).
SELECT
    a.museum_id,
    strftime(a.month, '%Y-%m') AS month,
    a.total::BIGINT AS total,
    a.paid::BIGINT AS paid,
    a.free::BIGINT AS free,
    a.school::BIGINT AS school,
    fiscal_year(a.month, coalesce(m.fiscal_year_start_month, 1)) AS fiscal_year,
    coalesce(m.fiscal_year_start_month, 1) AS start_month
FROM attendance_monthly a
JOIN museums m USING (museum_id)
WHERE a.museum_id = $museum_id
ORDER BY a.month;
