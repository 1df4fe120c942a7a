-- The survey responses of one museum and season that sections 6 to 9 of the attendance workbook read
-- (topics/attendance/survey.py): one row per response, no free text, no postal code, no date finer
-- than the month stratum key. m: the visitors the response stands for within its month
-- (visitor_multiplier; 1 when figures count parties).
-- desk_key: the front-desk grid's origin category (codebook desk_count_origins) by the survey's
-- evidence: local = the provenance category local; the other four split the non-local respondents
-- (excursionists and tourists) by residence; NULL when the category or the residence is not known.
SELECT museum_id, survey_year, stratum_month AS month,
       provenance_category AS category,
       CASE
           WHEN provenance_category = 'local' THEN 'local'
           WHEN provenance_category IN ('excursionist', 'tourist') THEN
               CASE
                   WHEN province = 'QC' THEN 'quebec_other'
                   WHEN country = 'CA' AND province IS NOT NULL THEN 'other_province'
                   WHEN country = 'US' THEN 'united_states'
                   WHEN country IS NOT NULL AND country <> 'CA' THEN 'other_country'
               END
       END AS desk_key,
       trip_reason, transport_mode, party_size, distance_km,
       visitor_multiplier(party_size, $by_visitors, $party_cap, $party_mean)::DOUBLE AS m
FROM survey_responses
WHERE museum_id = $museum_id AND survey_year = $year
ORDER BY month, load_id, row_number;
