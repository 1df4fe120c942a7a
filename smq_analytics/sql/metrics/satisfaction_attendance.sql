-- Monthly attendance of one museum (every museum when $museum_id is NULL) in calendar year $year, the
-- post-stratification totals of its survey season ('YYYY-MM'; months without responses included, so
-- that weighting never drops their visitors: weighting.weighting_for).
SELECT museum_id, strftime(month, '%Y-%m') AS month, total::BIGINT AS attendance
FROM attendance_monthly
WHERE ($museum_id::VARCHAR IS NULL OR museum_id = $museum_id) AND year = $year
ORDER BY museum_id, month;
