-- int_ga4__sessions: one row per GA4 session, from the events that count (docs/ARCHITECTURE.md,
-- « Web analytics »); web_sessions publishes it, web_key_events reads its channel.
-- depends_on: stg_ga4__events, channels, web_urls
--
-- A session is its session_key (stream, user_pseudo_id, ga_session_id), never a date: GA4 does not
-- split a session at midnight, so a session can span two event_dates and two daily files; it is dated
-- by its first event (session_date). Events without a key (consent mode) are no session.
-- engaged (GA4's definition, read on ANY event of the session: the session_engaged flag is often set
-- only on later or user_engagement events): a session_engaged = 1, or an engagement timer
-- (sum of engagement_time_msec) of at least the museum's web_engaged_seconds (10 s, GA4's default,
-- when unset), or a key event, or at least 2 page views.
-- Attribution: session_traffic_source_last_click (Google's own session attribution, July 2024 onwards)
-- of the first event carrying it; without it (older rows), the first event, by time, with a source;
-- else (direct) / (none). source_category: Google's category of the exact lower-case source
-- (ref_ga4_source_categories; no 'www.', 'm.' or 'l.' prefix is stripped, since Google's list names
-- l.facebook.com and m.youtube.com themselves); channel_group: default_channel_group (macros/channels.sql).
-- referral_kind: 'self' when the session's source is one of the museum's site domains or a subdomain,
-- 'ticketing' when it is a ticketing domain (visitors coming back from a ticketing site that is not
-- tagged cross-domain), the longer domain winning when both match; NULL otherwise.
CREATE OR REPLACE VIEW int_ga4__sessions AS
WITH ordered AS (
    -- one sortable key per event: time, then load and row (ties broken the same way on every run)
    SELECT *, (event_timestamp::HUGEINT << 64) + (load_id::HUGEINT << 40) + row_number AS event_order
    FROM stg_ga4__events
    WHERE session_key IS NOT NULL
),
sessions AS (
    SELECT
        museum_id, session_key,
        any_value(stream_id) AS stream_id,
        any_value(user_pseudo_id) AS user_pseudo_id,
        any_value(ga_session_id) AS ga_session_id,
        min(ga_session_number) AS ga_session_number,
        arg_min(event_date, event_order) AS session_date,
        arg_max(event_date, event_order) AS last_event_date,
        min(event_timestamp) AS first_timestamp,
        max(event_timestamp) AS last_timestamp,
        count(*) AS events,
        count(*) FILTER (WHERE event_name = 'page_view') AS page_views,
        bool_or(coalesce(session_engaged = 1, false)) AS engaged_flag,
        coalesce(sum(engagement_time_msec), 0)::BIGINT AS engagement_time_msec,
        count(*) FILTER (WHERE is_key_event) AS key_events,
        count(*) FILTER (WHERE is_ticketing_click) AS ticketing_clicks,
        -- the first event carrying a last click, and the first event with a source: each field read on
        -- that one event (arg_min_null keeps its NULLs rather than taking a later event's value)
        arg_min(last_click_source, event_order) FILTER (WHERE last_click_source IS NOT NULL) AS last_click_source,
        arg_min_null(last_click_medium, event_order) FILTER (WHERE last_click_source IS NOT NULL) AS last_click_medium,
        arg_min_null(last_click_campaign, event_order) FILTER (WHERE last_click_source IS NOT NULL)
            AS last_click_campaign,
        arg_min(event_source, event_order) FILTER (WHERE event_source IS NOT NULL) AS first_source,
        arg_min_null(event_medium, event_order) FILTER (WHERE event_source IS NOT NULL) AS first_medium,
        arg_min_null(event_campaign, event_order) FILTER (WHERE event_source IS NOT NULL) AS first_campaign,
        arg_min(page_location, event_order)
            FILTER (WHERE event_name = 'page_view' AND page_location IS NOT NULL) AS landing_location,
        arg_min(device_category, event_order)
            FILTER (WHERE device_category IS NOT NULL) AS device_category,
        arg_min(load_id, event_order) AS load_id
    FROM ordered
    GROUP BY museum_id, session_key
),
attributed AS (
    SELECT
        s.*,
        CASE WHEN s.last_click_source IS NOT NULL THEN s.last_click_source
             WHEN s.first_source IS NOT NULL THEN s.first_source
             ELSE '(direct)' END AS source,
        CASE WHEN s.last_click_source IS NOT NULL THEN s.last_click_medium
             WHEN s.first_source IS NOT NULL THEN s.first_medium
             ELSE '(none)' END AS medium,
        CASE WHEN s.last_click_source IS NOT NULL THEN s.last_click_campaign
             ELSE s.first_campaign END AS campaign
    FROM sessions s
),
-- The channel of each distinct source × medium × campaign × category (a few dozen), not of each session.
channels AS (
    SELECT source, medium, campaign, category,
           default_channel_group(source, medium, campaign, category) AS channel_group
    FROM (SELECT DISTINCT a.source, a.medium, a.campaign, c.category
          FROM attributed a LEFT JOIN ref_ga4_source_categories c ON c.source = lower(a.source))
),
referrals AS (
    SELECT a.museum_id, a.session_key, arg_max(d.role, length(d.domain)) AS role
    FROM attributed a
    JOIN museum_web_domains d ON d.museum_id = a.museum_id AND host_in_domain(a.source, d.domain)
    GROUP BY a.museum_id, a.session_key
)
SELECT
    a.museum_id, a.stream_id, a.session_key, a.user_pseudo_id, a.ga_session_id, a.ga_session_number,
    a.session_date,
    make_timestamp(a.first_timestamp) AS started_at,
    make_timestamp(a.last_timestamp) AS ended_at,
    (a.last_timestamp - a.first_timestamp) / 1e6 AS duration_seconds,
    a.events::INTEGER AS events,
    a.page_views::INTEGER AS page_views,
    a.engagement_time_msec,
    (a.engaged_flag
     OR a.engagement_time_msec >= coalesce(m.web_engaged_seconds, 10) * 1000
     OR a.key_events > 0
     OR a.page_views >= 2) AS engaged,
    a.source, a.medium, a.campaign,
    c.category AS source_category,
    g.channel_group,
    CASE WHEN a.landing_location IS NULL THEN '(not set)' ELSE url_path(a.landing_location) END AS landing_page,
    a.key_events::INTEGER AS key_events,
    a.key_events > 0 AS has_key_event,
    a.ticketing_clicks::INTEGER AS ticketing_clicks,
    CASE r.role WHEN 'site' THEN 'self' WHEN 'ticketing' THEN 'ticketing' END AS referral_kind,
    a.session_date <> a.last_event_date AS crosses_midnight,
    a.device_category,
    a.load_id
FROM attributed a
LEFT JOIN museums m ON m.museum_id = a.museum_id
LEFT JOIN ref_ga4_source_categories c ON c.source = lower(a.source)
LEFT JOIN channels g
  ON g.source IS NOT DISTINCT FROM a.source AND g.medium IS NOT DISTINCT FROM a.medium
 AND g.campaign IS NOT DISTINCT FROM a.campaign AND g.category IS NOT DISTINCT FROM c.category
LEFT JOIN referrals r ON r.museum_id = a.museum_id AND r.session_key = a.session_key;
