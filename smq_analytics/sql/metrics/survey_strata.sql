-- Post-stratification cells: responses and attendance per museum, season and visit month.
-- $museum_id NULL = every museum (sector total); $year NULL = every season (trend).
-- month is stg_survey's stratum_month: 'YYYY-MM', '' for responses without a visit date; attendance
-- is NULL when the month is not loaded. m_sum: the visitors the responses stand for (visitor_multiplier; = n for parties).
WITH cells AS (
    SELECT museum_id, survey_year, stratum_month AS month, count(*)::INTEGER AS n,
       sum(visitor_multiplier(party_size, $by_visitors, $party_cap, $party_mean))::DOUBLE AS m_sum,
    FROM survey_responses
    WHERE ($museum_id::VARCHAR IS NULL OR museum_id = $museum_id)
      AND ($year::INTEGER IS NULL OR survey_year = $year)
    GROUP BY ALL
)
SELECT c.museum_id, c.survey_year, c.month, c.n, c.m_sum, a.total::BIGINT AS attendance
FROM cells c
LEFT JOIN attendance_monthly a ON a.museum_id = c.museum_id AND strftime(a.month, '%Y-%m') = c.month
ORDER BY c.museum_id, c.survey_year, c.month;
