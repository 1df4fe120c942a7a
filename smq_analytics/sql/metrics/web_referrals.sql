-- The museum's GA4 sessions of one calendar year (mart web_sessions, raw events only) by the kind of
-- referral they come from: 'self' (the museum's own site), 'ticketing' (its ticketing domain), NULL
-- (anything else), with their channel and key events: the cross-domain check of the ticketing section.
SELECT
    referral_kind,
    channel_group,
    count(*)::BIGINT AS sessions,
    coalesce(sum(key_events), 0)::BIGINT AS key_events,
    count(*) FILTER (WHERE has_key_event)::BIGINT AS sessions_with_key_event,
    coalesce(sum(ticketing_clicks), 0)::BIGINT AS ticketing_clicks
FROM web_sessions
WHERE museum_id = $museum_id AND year(session_date) = $year
GROUP BY ALL
ORDER BY referral_kind NULLS FIRST, channel_group;
