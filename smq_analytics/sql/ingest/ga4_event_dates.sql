-- The days the accepted staged GA4 events cover ('2026-07-14'): the periods of the load.
SELECT DISTINCT strftime(event_date, '%Y-%m-%d') AS event_date
FROM ga4_events_stage
WHERE NOT check_rejected
ORDER BY event_date
