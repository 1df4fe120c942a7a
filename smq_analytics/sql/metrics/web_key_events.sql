-- The museum's key events from GA4 raw events for one calendar year (mart web_key_events), by month,
-- key event and channel: occurrences (every one, as GA4 counts them) and distinct sessions with one.
SELECT
    strftime(date_trunc('month', event_date), '%Y-%m') AS month,
    key_event,
    channel_group,
    sum(occurrences)::BIGINT AS occurrences,
    sum(sessions)::BIGINT AS sessions
FROM web_key_events
WHERE museum_id = $museum_id AND year(event_date) = $year
GROUP BY ALL
ORDER BY month, key_event, channel_group;
