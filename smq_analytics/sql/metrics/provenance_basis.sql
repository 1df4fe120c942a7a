-- What the provenance figures rest on, for one museum and season.
SELECT
    count(*)::INTEGER AS n_responses,
    count(*) FILTER (WHERE provenance_category <> 'unknown')::INTEGER AS n_known,
    count(*) FILTER (WHERE visit_date IS NULL)::INTEGER AS n_undated,
    min(visit_date) AS first_visit,
    max(visit_date) AS last_visit,
    -- local / excursionist classifications resting on an approximate location (rural FSA or a
    -- municipality centre): how far the local share could move if they were all wrong
    count(*) FILTER (WHERE category_approximate AND provenance_category = 'local')::INTEGER AS n_approximate_local,
    count(*) FILTER (WHERE category_approximate AND provenance_category = 'excursionist')::INTEGER
        AS n_approximate_excursionist
FROM survey_responses
WHERE museum_id = $museum_id AND survey_year = $year;
