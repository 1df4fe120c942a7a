-- Residents of countries other than Canada, by country (key NULL never occurs: country is given).
SELECT s.museum_id, s.survey_year, s.stratum_month AS month,
       s.country AS key, coalesce(c.name_fr, s.country) AS label_fr, coalesce(c.name_en, s.country) AS label_en,
       count(*)::INTEGER AS n,
       sum(visitor_multiplier(s.party_size, $by_visitors, $party_cap, $party_mean))::DOUBLE AS m_sum,
       sum(pow(visitor_multiplier(s.party_size, $by_visitors, $party_cap, $party_mean), 2))::DOUBLE AS m_sq
FROM survey_responses s
LEFT JOIN ref_countries c ON c.country_code = s.country
WHERE s.museum_id = $museum_id AND s.survey_year = $year
  AND s.country IS NOT NULL AND s.country <> 'CA'
GROUP BY ALL
ORDER BY ALL;
