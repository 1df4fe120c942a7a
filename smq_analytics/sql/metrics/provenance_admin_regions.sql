-- Quebec residents by administrative region (key NULL = region not found), per post-stratification cell.
SELECT s.museum_id, s.survey_year, s.stratum_month AS month,
       s.admin_region_code AS key, r.name_fr AS label_fr, r.name_en AS label_en, count(*)::INTEGER AS n,
       sum(visitor_multiplier(s.party_size, $by_visitors, $party_cap, $party_mean))::DOUBLE AS m_sum,
       sum(pow(visitor_multiplier(s.party_size, $by_visitors, $party_cap, $party_mean), 2))::DOUBLE AS m_sq
FROM survey_responses s
LEFT JOIN ref_admin_regions r USING (admin_region_code)
WHERE s.museum_id = $museum_id AND s.survey_year = $year AND s.province = 'QC'
GROUP BY ALL
ORDER BY ALL;
