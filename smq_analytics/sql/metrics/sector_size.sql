-- Museums with survey responses in a season (a sector figure needs at least five).
SELECT count(DISTINCT museum_id)::INTEGER AS n_museums
FROM survey_responses
WHERE survey_year = $year;
