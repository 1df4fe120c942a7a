-- stg_web_reports: the aggregated web reports (sources ga4-ui, ga4-api, ua: raw_web_rows with their
-- table's raw_web_tables row), one row per table row × metric, of the loads that count
-- (docs/ARCHITECTURE.md, « Web analytics »).
--
-- Report files are loaded beside each other (covered_periods 'supersede'): two files of one museum and
-- month usually hold different reports (channels, pages, events) and must both count, while a file
-- downloaded again later replaces the earlier one for what both cover. So, for each museum ×
-- source_kind × table dimensions × metric × period (grain, start, end as read), the rows of one table
-- count: the latest load's (loaded_at, then load_id), then the last table of that file.
--
-- period_start / period_end are clipped to the table's date range: a month row of a table that starts
-- on the 15th covers the 15th to the end of the month, and says so (web_monthly counts days from them).
-- is_estimate: GA4 interface and API counts of sessions and users are HyperLogLog estimates (and so is
-- every ratio built on them); views, events, key events, revenue and every UA figure are exact counts.
CREATE OR REPLACE VIEW stg_web_reports AS
SELECT
    r.museum_id, r.load_id, r.table_index, r.row_number,
    t.platform, t.source_kind, t.report_title, t.dimensions AS table_dimensions,
    r.period_grain,
    greatest(r.period_start, t.date_start) AS period_start,
    least(r.period_end, t.date_end) AS period_end,
    r.dimension, r.dimension_value, r.metric, r.value, r.is_total_row,
    t.platform = 'ga4' AND r.metric IN (
        'sessions', 'engaged_sessions', 'engagement_rate', 'bounce_rate', 'active_users', 'total_users',
        'new_users', 'views_per_session', 'sessions_per_user', 'average_session_duration',
        'average_engagement_time'
    ) AS is_estimate,
    t.caveats, t.currency, t.time_zone, l.loaded_at
FROM raw_web_rows r
JOIN raw_web_tables t ON t.load_id = r.load_id AND t.table_index = r.table_index
JOIN load_ledger l ON l.load_id = r.load_id AND l.replaced_at IS NULL
QUALIFY dense_rank() OVER (
    PARTITION BY r.museum_id, t.source_kind, t.dimensions, r.metric, r.period_grain, r.period_start, r.period_end
    ORDER BY l.loaded_at DESC, r.load_id DESC, r.table_index DESC
) = 1;
