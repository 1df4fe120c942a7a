-- Museums in the store, those with survey responses first, then by id (the « first museum » default).
-- name_en is NULL when the museum has no English name (i18n.museum_display_name falls back to name).
SELECT
    m.museum_id,
    m.name,
    m.name_en,
    EXISTS (SELECT 1 FROM survey_responses s WHERE s.museum_id = m.museum_id) AS has_survey
FROM museums m
ORDER BY has_survey DESC, m.museum_id;
