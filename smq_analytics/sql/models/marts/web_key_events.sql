-- web_key_events: a public view, the museum's key events (museum_key_events) per day, key event and
-- channel of the session they happened in (docs/ARCHITECTURE.md, « Web analytics »). GA4 counts every
-- occurrence (occurrences); sessions counts the distinct sessions with at least one. A key event is
-- dated by its own event_date, not by its session's. Key events without a session (consent mode: no
-- user_pseudo_id or ga_session_id) are counted too, with channel_group NULL and no session.
-- Contract: web_key_events.yml.
-- depends_on: stg_ga4__events, int_ga4__sessions
CREATE OR REPLACE VIEW web_key_events AS
SELECT
    e.museum_id, e.event_date, e.key_event, e.event_name, s.channel_group,
    count(*)::INTEGER AS occurrences,
    count(DISTINCT e.session_key)::INTEGER AS sessions
FROM stg_ga4__events e
LEFT JOIN int_ga4__sessions s ON s.museum_id = e.museum_id AND s.session_key = e.session_key
WHERE e.is_key_event
GROUP BY e.museum_id, e.event_date, e.key_event, e.event_name, s.channel_group;
