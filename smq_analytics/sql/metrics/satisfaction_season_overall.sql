-- Overall satisfaction of every response of season $year, every museum (the peer comparison: one
-- top-2-box per museum), with the month stratum key and the load (whose scale survey_item_scales gives).
SELECT museum_id, load_id, stratum_month AS month, sat_overall
FROM survey_responses
WHERE survey_year = $year
ORDER BY museum_id, load_id, row_number;
