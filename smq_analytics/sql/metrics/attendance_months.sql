-- Monthly attendance of the surveyed museums in the surveyed seasons, months without responses
-- included (weighting never drops their visitors). $museum_id NULL = every museum.
SELECT a.museum_id, strftime(a.month, '%Y-%m') AS month, a.total::BIGINT AS attendance
FROM attendance_monthly a
WHERE ($museum_id::VARCHAR IS NULL OR a.museum_id = $museum_id)
  AND a.year IN (SELECT DISTINCT survey_year FROM survey_responses
                 WHERE ($museum_id::VARCHAR IS NULL OR museum_id = $museum_id)
                   AND ($year::INTEGER IS NULL OR survey_year = $year))
ORDER BY a.museum_id, month;
