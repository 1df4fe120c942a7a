-- The rows of the dimensions asked (channel_group, landing_page, key_event, source, source_medium …) of
-- the mart web_metrics whose period lies inside [$first, $last], for the metrics asked. Every source and
-- grain is returned: topics/web/dimension.py picks, per museum and year, one source and one grain so that
-- nothing is counted twice (docs/ARCHITECTURE.md, « Topics », Web). $museum_id NULL = every museum.
SELECT
    museum_id,
    platform,
    source_kind,
    grain,
    period_start,
    period_end,
    dimension,
    dimension_value,
    metric,
    value,
    is_estimate
FROM web_metrics
WHERE ($museum_id::VARCHAR IS NULL OR museum_id = $museum_id)
  AND list_contains($dimensions::VARCHAR[], dimension)
  AND list_contains($metrics::VARCHAR[], metric)
  AND period_start >= $first::DATE
  AND period_end <= $last::DATE
  AND value IS NOT NULL
ORDER BY museum_id, dimension, source_kind, grain, period_start, dimension_value, metric;
