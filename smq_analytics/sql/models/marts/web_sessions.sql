-- web_sessions: a public view (what notebooks and analysts query), one row per GA4 session computed
-- from the raw events (docs/ARCHITECTURE.md, « Web analytics »). Its contract and column documentation
-- are in the .yml file of the same name; DATA_DICTIONARY.md is generated from them.
-- depends_on: int_ga4__sessions
CREATE OR REPLACE VIEW web_sessions AS
SELECT
    museum_id, stream_id, session_key, user_pseudo_id, ga_session_id, ga_session_number, session_date,
    started_at, ended_at, duration_seconds, engagement_time_msec / 1000.0 AS engagement_seconds, events,
    page_views, engaged,
    source, medium, campaign, source_category, channel_group, landing_page,
    key_events, has_key_event, ticketing_clicks, referral_kind, crosses_midnight, device_category, load_id
FROM int_ga4__sessions;
