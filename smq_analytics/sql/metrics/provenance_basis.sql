-- What the provenance figures rest on, for one museum and season.
SELECT
    count(*)::INTEGER AS n_responses,
    count(*) FILTER (WHERE provenance_category <> 'unknown')::INTEGER AS n_known,
    count(*) FILTER (WHERE visit_date IS NULL)::INTEGER AS n_undated,
    min(visit_date) AS first_visit,
    max(visit_date) AS last_visit
FROM survey_responses
WHERE museum_id = $museum_id AND survey_year = $year;
