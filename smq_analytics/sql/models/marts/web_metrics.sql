-- web_metrics: a public view (what notebooks and analysts query): every web source in one shape, one row
-- per museum × source × grain × period × dimension value × metric. Its contract and column documentation
-- are in the .yml file of the same name (docs/ARCHITECTURE.md, « Web analytics »).
--
-- GA4 raw events (source_kind 'ga4_events', from web_sessions and web_key_events): exact counts, per day and
-- per month for the whole site (dimension 'total'), and per month by channel group, landing page and key
-- event. A session counts on the date of its first event (web_sessions.session_date); users are counted
-- distinct over the row's own period (a month's users are not the sum of its days'); event_count counts
-- the events of sessions (events without identifiers, consent mode, are in web_event_quality);
-- user_engagement_duration sums the sessions' engagement seconds and average_engagement_time divides it by
-- the active users, as GA4 does; a key
-- event's sessions are web_key_events' daily distinct sessions summed over the month (a session with the
-- key event on two dates counts twice, which is rare); load_id is NULL (a month rests on several loads).
-- Aggregated reports (GA4 interface CSV, GA4 Data API, UA exports; stg_web_reports): as read, for each
-- museum × source × table dimensions × metric × period the latest load's rows; the files' own totals rows
-- are left out (they are kept in raw_web_rows for checks, never summed).
-- depends_on: stg_web_reports, web_sessions, web_key_events
CREATE OR REPLACE VIEW web_metrics AS
WITH sessions AS MATERIALIZED (  -- web_sessions is computed once for the parts below
    SELECT museum_id, session_date, user_pseudo_id, ga_session_number, engaged, page_views, events, key_events,
           engagement_seconds, channel_group, landing_page
    FROM web_sessions
),
session_days AS (
    SELECT
        museum_id, 'day' AS grain, session_date AS period_start, session_date AS period_end,
        count(*) AS sessions,
        count(*) FILTER (WHERE engaged) AS engaged_sessions,
        count(DISTINCT user_pseudo_id) AS active_users,
        count(*) FILTER (WHERE ga_session_number = 1) AS new_users,
        sum(page_views) AS views,
        sum(events) AS event_count,
        sum(key_events) AS key_events,
        sum(engagement_seconds) AS user_engagement_duration
    FROM sessions
    GROUP BY museum_id, session_date
),
session_months AS (
    SELECT
        museum_id, 'month' AS grain, date_trunc('month', session_date)::DATE AS period_start,
        last_day(date_trunc('month', session_date))::DATE AS period_end,
        count(*) AS sessions,
        count(*) FILTER (WHERE engaged) AS engaged_sessions,
        count(DISTINCT user_pseudo_id) AS active_users,
        count(*) FILTER (WHERE ga_session_number = 1) AS new_users,
        sum(page_views) AS views,
        sum(events) AS event_count,
        sum(key_events) AS key_events,
        sum(engagement_seconds) AS user_engagement_duration
    FROM sessions
    GROUP BY museum_id, date_trunc('month', session_date)
),
session_totals AS (
    SELECT
        museum_id, grain, period_start, period_end,
        sessions::DOUBLE AS sessions, engaged_sessions::DOUBLE AS engaged_sessions,
        engaged_sessions / sessions AS engagement_rate,
        active_users::DOUBLE AS active_users, new_users::DOUBLE AS new_users, views::DOUBLE AS views,
        event_count::DOUBLE AS event_count, key_events::DOUBLE AS key_events,
        user_engagement_duration::DOUBLE AS user_engagement_duration,
        user_engagement_duration / nullif(active_users, 0) AS average_engagement_time
    FROM (SELECT * FROM session_days UNION ALL BY NAME SELECT * FROM session_months)
),
event_totals AS (
    UNPIVOT session_totals
    ON sessions, engaged_sessions, engagement_rate, active_users, new_users, views, event_count, key_events,
       user_engagement_duration, average_engagement_time
    INTO NAME metric VALUE value
),
session_breakdowns AS (
    SELECT
        museum_id, date_trunc('month', session_date)::DATE AS period_start,
        last_day(date_trunc('month', session_date))::DATE AS period_end,
        dimension, dimension_value,
        count(*)::DOUBLE AS sessions,
        (count(*) FILTER (WHERE engaged))::DOUBLE AS engaged_sessions,
        sum(key_events)::DOUBLE AS key_events
    FROM (
        SELECT museum_id, session_date, engaged, key_events, 'channel_group' AS dimension,
               channel_group AS dimension_value
        FROM sessions
        UNION ALL
        SELECT museum_id, session_date, engaged, key_events, 'landing_page', landing_page
        FROM sessions
    )
    GROUP BY ALL
),
key_event_months AS (
    SELECT
        museum_id, date_trunc('month', event_date)::DATE AS period_start,
        last_day(date_trunc('month', event_date))::DATE AS period_end,
        'key_event' AS dimension, key_event AS dimension_value,
        sum(sessions)::DOUBLE AS sessions, sum(occurrences)::DOUBLE AS key_events
    FROM web_key_events
    GROUP BY ALL
),
event_breakdowns AS (
    UNPIVOT session_breakdowns ON sessions, engaged_sessions, key_events INTO NAME metric VALUE value
    UNION ALL BY NAME
    UNPIVOT key_event_months ON sessions, key_events INTO NAME metric VALUE value
)
SELECT
    museum_id, 'ga4' AS platform, 'ga4_events' AS source_kind, grain, period_start, period_end,
    'total' AS dimension, NULL::VARCHAR AS dimension_value, metric, value, false AS is_estimate,
    NULL::INTEGER AS load_id
FROM event_totals
UNION ALL
SELECT
    museum_id, 'ga4', 'ga4_events', 'month', period_start, period_end, dimension, dimension_value, metric, value,
    false, NULL::INTEGER
FROM event_breakdowns
UNION ALL
SELECT
    museum_id, platform, source_kind, period_grain, period_start, period_end, dimension, dimension_value, metric,
    value, is_estimate, load_id
FROM stg_web_reports
WHERE NOT is_total_row;
