-- Monthly web figures (mart web_monthly: one row per museum × platform × month × metric, the best source
-- of each month) for the metrics asked, from $first to $last (first days of months, inclusive).
-- $museum_id NULL = every museum (peer comparisons).
SELECT
    museum_id,
    platform,
    strftime(month, '%Y-%m') AS month,
    metric,
    value,
    source_kind,
    is_estimate,
    days_covered,
    days_in_month,
    complete
FROM web_monthly
WHERE ($museum_id::VARCHAR IS NULL OR museum_id = $museum_id)
  AND list_contains($metrics::VARCHAR[], metric)
  AND month BETWEEN $first::DATE AND $last::DATE
ORDER BY museum_id, platform, month, metric;
