-- The quality of a museum's GA4 raw events for one calendar year (mart web_event_quality): events kept,
-- duplicates removed, events without identifiers (consent mode: kept out of sessions), days that rest
-- on an intraday file only, loads superseded by a later file for the same date.
SELECT
    count(*)::INTEGER AS days,
    coalesce(sum(events), 0)::BIGINT AS events,
    coalesce(sum(duplicate_events_removed), 0)::BIGINT AS duplicates,
    coalesce(sum(consent_events), 0)::BIGINT AS consent_events,
    count(*) FILTER (WHERE intraday_only)::INTEGER AS intraday_days,
    max(event_date) FILTER (WHERE intraday_only) AS last_intraday_day,
    coalesce(sum(superseded_loads), 0)::BIGINT AS superseded_loads
FROM web_event_quality
WHERE museum_id = $museum_id AND year(event_date) = $year;
