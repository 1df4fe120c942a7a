-- The museums with survey responses in a season, with their names (peer benchmarks: one value per museum).
SELECT DISTINCT s.museum_id, m.name, m.name_en
FROM survey_responses s
JOIN museums m ON m.museum_id = s.museum_id
WHERE s.survey_year = $year
ORDER BY s.museum_id;
