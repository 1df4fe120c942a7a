-- Respondents by world area of their country of residence (key NULL = country not given).
-- A country missing from ref_countries counts in the world area « other ».
SELECT s.museum_id, s.survey_year, s.stratum_month AS month,
       CASE WHEN s.country IS NOT NULL THEN coalesce(c.world_area, 'other') END AS key,
       count(*)::INTEGER AS n,
       sum(visitor_multiplier(s.party_size, $by_visitors, $party_cap, $party_mean))::DOUBLE AS m_sum,
       sum(pow(visitor_multiplier(s.party_size, $by_visitors, $party_cap, $party_mean), 2))::DOUBLE AS m_sq
FROM survey_responses s
LEFT JOIN ref_countries c ON c.country_code = s.country
WHERE s.museum_id = $museum_id AND s.survey_year = $year
GROUP BY ALL
ORDER BY ALL;
