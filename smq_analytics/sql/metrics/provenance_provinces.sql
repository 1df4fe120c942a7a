-- Canadian residents outside Quebec by province or territory (key NULL = province not given).
SELECT s.museum_id, s.survey_year, s.stratum_month AS month,
       s.province AS key, p.name_fr AS label_fr, p.name_en AS label_en, count(*)::INTEGER AS n,
       sum(visitor_multiplier(s.party_size, $by_visitors, $party_cap, $party_mean))::DOUBLE AS m_sum,
       sum(pow(visitor_multiplier(s.party_size, $by_visitors, $party_cap, $party_mean), 2))::DOUBLE AS m_sq
FROM survey_responses s
LEFT JOIN ref_provinces p ON p.province_code = s.province
WHERE s.museum_id = $museum_id AND s.survey_year = $year
  AND s.country = 'CA' AND s.province IS DISTINCT FROM 'QC'
GROUP BY ALL
ORDER BY ALL;
