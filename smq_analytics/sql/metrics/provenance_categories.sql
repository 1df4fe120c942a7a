-- Local / excursionist / tourist / unknown responses per post-stratification cell.
SELECT museum_id, survey_year, stratum_month AS month,
       provenance_category AS key, count(*)::INTEGER AS n,
       sum(visitor_multiplier(party_size, $by_visitors, $party_cap, $party_mean))::DOUBLE AS m_sum,
       sum(pow(visitor_multiplier(party_size, $by_visitors, $party_cap, $party_mean), 2))::DOUBLE AS m_sq
FROM survey_responses
WHERE ($museum_id::VARCHAR IS NULL OR museum_id = $museum_id)
  AND ($year::INTEGER IS NULL OR survey_year = $year)
GROUP BY ALL
ORDER BY ALL;
