-- web_monthly: a public view: one row per museum × platform × month × metric for the whole site (dimension
-- 'total'), from the best source of the month. Its contract and column documentation are in the .yml file
-- of the same name (docs/ARCHITECTURE.md, « Web analytics »).
--
-- 1. The source: per museum × platform × month, the best source with figures for the whole site inside
--    that month: GA4 raw events (exact counts) before the Data API before the interface CSV; UA exports.
--    Every metric of the month then comes from that source only, so that rates and parts agree.
-- 2. The value of a metric: a row for the whole month (grain 'month', else a 'range' inside the month:
--    the longest, then the latest load) wins over day rows. From day rows only additive metrics are
--    summed (web_metrics.csv, column additive: counts, revenue, durations in total); users are never
--    summed across days (a user of two days is one user of the month), so they come from month rows or
--    raw events only; averages (average_session_duration, UA bounce_rate) are weighted by the day's
--    sessions.
-- 3. Rates are recomputed from their parts whenever the parts are there (engagement_rate =
--    engaged_sessions / sessions, GA4 bounce_rate = 1 − engagement_rate, views_per_session,
--    goal_conversion_rate, sessions_per_user, average_engagement_time = user_engagement_duration /
--    active_users), never averaged.
-- 4. days_covered: the days of the month the chosen source covers (raw events: the days with a session;
--    reports: the days of its rows' periods, clipped to their table's dates); complete when it is every day.
-- depends_on: web_metrics
CREATE OR REPLACE VIEW web_monthly AS
WITH metric_kinds (metric, additive) AS (
    VALUES
        ('sessions', true), ('engaged_sessions', true), ('engagement_rate', false), ('bounce_rate', false),
        ('active_users', false), ('total_users', false), ('new_users', true), ('views', true),
        ('unique_views', true), ('event_count', true), ('key_events', true), ('goal_completions', true),
        ('goal_conversion_rate', false), ('transactions', true), ('purchase_revenue', true),
        ('average_session_duration', false), ('average_engagement_time', false),
        ('user_engagement_duration', true), ('views_per_session', false), ('sessions_per_user', false),
        ('entrances', true), ('exits', true)
),
source_rank (source_kind, preference) AS (
    VALUES ('ga4_events', 1), ('ga4_api', 2), ('ga4_ui_csv', 3), ('ua_export', 1)
),
in_month AS MATERIALIZED (  -- web_metrics is computed once for the steps below
    SELECT m.*, date_trunc('month', m.period_start)::DATE AS month
    FROM web_metrics m
    WHERE m.dimension = 'total'
      AND date_trunc('month', m.period_start) = date_trunc('month', m.period_end)
),
best AS (
    SELECT museum_id, platform, month, arg_min(source_kind, preference) AS source_kind
    FROM in_month JOIN source_rank USING (source_kind)
    GROUP BY museum_id, platform, month
),
picked AS (
    SELECT i.* FROM in_month i JOIN best USING (museum_id, platform, month, source_kind)
),
month_rows AS (
    SELECT museum_id, platform, source_kind, month, metric, value, is_estimate, 1 AS level
    FROM picked
    WHERE grain IN ('month', 'range') AND value IS NOT NULL
    QUALIFY row_number() OVER (
        PARTITION BY museum_id, platform, source_kind, month, metric
        ORDER BY grain = 'month' DESC, period_end - period_start DESC, load_id DESC NULLS LAST
    ) = 1
),
day_rows AS (
    SELECT * FROM picked WHERE grain = 'day' AND value IS NOT NULL
),
day_sums AS (
    SELECT museum_id, platform, source_kind, month, metric, sum(value) AS value,
           bool_or(is_estimate) AS is_estimate, 2 AS level
    FROM day_rows JOIN metric_kinds USING (metric)
    WHERE additive
    GROUP BY ALL
),
day_weighted AS (
    SELECT d.museum_id, d.platform, d.source_kind, d.month, d.metric,
           sum(d.value * s.value) / sum(s.value) AS value, bool_or(d.is_estimate) AS is_estimate, 2 AS level
    FROM day_rows d
    JOIN day_rows s
      ON s.museum_id = d.museum_id AND s.platform = d.platform AND s.source_kind = d.source_kind
     AND s.period_start = d.period_start AND s.metric = 'sessions'
    WHERE d.metric IN ('average_session_duration', 'bounce_rate')
    GROUP BY ALL
    HAVING sum(s.value) > 0
),
day_rates AS (  -- rates seen in day rows: filled in below from the month's parts, else left out
    SELECT museum_id, platform, source_kind, month, metric, NULL::DOUBLE AS value,
           bool_or(is_estimate) AS is_estimate, 3 AS level
    FROM day_rows
    WHERE metric IN ('engagement_rate', 'bounce_rate', 'views_per_session', 'goal_conversion_rate',
                     'sessions_per_user', 'average_engagement_time')
    GROUP BY ALL
),
chosen AS (
    SELECT * FROM (
        SELECT * FROM month_rows
        UNION ALL SELECT * FROM day_sums
        UNION ALL SELECT * FROM day_weighted
        UNION ALL SELECT * FROM day_rates
    )
    QUALIFY row_number() OVER (PARTITION BY museum_id, platform, source_kind, month, metric ORDER BY level) = 1
),
parts AS (
    SELECT
        museum_id, platform, source_kind, month,
        max(value) FILTER (WHERE metric = 'sessions') AS sessions,
        max(value) FILTER (WHERE metric = 'engaged_sessions') AS engaged_sessions,
        max(value) FILTER (WHERE metric = 'views') AS views,
        max(value) FILTER (WHERE metric = 'goal_completions') AS goal_completions,
        max(value) FILTER (WHERE metric = 'active_users') AS active_users,
        max(value) FILTER (WHERE metric = 'total_users') AS total_users,
        max(value) FILTER (WHERE metric = 'user_engagement_duration') AS user_engagement_duration
    FROM chosen
    GROUP BY ALL
),
spans AS (  -- raw events: their day rows (a month row spans the whole month)
    SELECT DISTINCT museum_id, platform, source_kind, month, period_start, period_end
    FROM picked
    WHERE source_kind <> 'ga4_events' OR grain = 'day'
),
covered AS (
    SELECT museum_id, platform, source_kind, month, count(DISTINCT day) AS days_covered
    FROM (
        SELECT museum_id, platform, source_kind, month,
               unnest(generate_series(period_start, period_end, INTERVAL 1 DAY))::DATE AS day
        FROM spans
    )
    GROUP BY ALL
),
valued AS (
    SELECT
        c.museum_id, c.platform, c.month, c.metric,
        CASE c.metric
            WHEN 'engagement_rate' THEN coalesce(p.engaged_sessions / nullif(p.sessions, 0), c.value)
            WHEN 'bounce_rate' THEN CASE
                WHEN c.platform = 'ga4' THEN coalesce(1 - p.engaged_sessions / nullif(p.sessions, 0), c.value)
                ELSE c.value END
            WHEN 'views_per_session' THEN coalesce(p.views / nullif(p.sessions, 0), c.value)
            WHEN 'goal_conversion_rate' THEN coalesce(p.goal_completions / nullif(p.sessions, 0), c.value)
            WHEN 'sessions_per_user' THEN coalesce(
                p.sessions / nullif(CASE c.platform WHEN 'ga4' THEN p.active_users ELSE p.total_users END, 0),
                c.value)
            WHEN 'average_engagement_time' THEN coalesce(p.user_engagement_duration / nullif(p.active_users, 0), c.value)
            ELSE c.value
        END AS value,
        c.source_kind, c.is_estimate
    FROM chosen c
    JOIN parts p USING (museum_id, platform, source_kind, month)
)
SELECT
    v.museum_id, v.platform, v.month, v.metric, v.value, v.source_kind, v.is_estimate,
    coalesce(cv.days_covered, 0)::INTEGER AS days_covered,
    day(last_day(v.month))::INTEGER AS days_in_month,
    coalesce(cv.days_covered, 0) = day(last_day(v.month)) AS complete
FROM valued v
LEFT JOIN covered cv USING (museum_id, platform, source_kind, month)
WHERE v.value IS NOT NULL;
