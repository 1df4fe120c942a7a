-- One row per accepted survey response of a museum and season, with what the satisfaction workbook
-- reads: the month stratum key of post-stratification (stg_survey.stratum_month, '' without a visit
-- date), the respondent's profile, every rating item on the scale its load declared (never recoded;
-- docs/ARCHITECTURE.md, « Survey scales ») and the raw comment (published only through comments.py).
-- depends on the public view survey_responses (= stg_survey).
SELECT
    coalesce(response_id, load_id || '-' || row_number) AS response_id,  -- the export's id, else load-row
    stratum_month AS month,
    CASE WHEN provenance_category = 'unknown' THEN NULL ELSE provenance_category END AS category,
    first_visit, party_type, party_size, trip_reason, transport_mode, info_sources,
    age_band, gender, questionnaire_language, comment,
    sat_overall, sat_reception, sat_exhibitions, sat_activities, sat_signage, sat_price_value,
    sat_shop, sat_cafe, sat_cleanliness, sat_accessibility, recommend, nps_score,
    satisfaction_scale, recommend_scale,
    load_id
FROM survey_responses
WHERE museum_id = $museum_id AND survey_year = $year
ORDER BY load_id, row_number;
