-- Museums in the store, those with survey responses first, then by id (the « first museum » default).
SELECT
    m.museum_id,
    m.name,
    EXISTS (SELECT 1 FROM survey_responses s WHERE s.museum_id = m.museum_id) AS has_survey
FROM museums m
ORDER BY has_survey DESC, m.museum_id;
