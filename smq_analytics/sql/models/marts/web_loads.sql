-- web_loads: a public view: what each museum sent of its web analytics, one row per load of the four web
-- sources, for the data-basis section of the web report. Its contract and column documentation are in
-- the .yml file of the same name (docs/ARCHITECTURE.md, « Web analytics »).
--
-- Reports (ga4-ui, ga4-api, ua): dates, tables, titles and caveats from raw_web_tables; GA4 interface and
-- API loads add 'estimates' (their users and sessions are HyperLogLog estimates). Raw events (ga4-events):
-- dates from the events, one table per export day, 'intraday' when the load holds an intraday export,
-- 'consent_mode' when events come without identifiers. active: not replaced (--replace) and still counted
-- by the models for at least one period (a file sent again later supersedes the earlier one's periods).
-- depends_on: stg_web_reports, stg_ga4__events
CREATE OR REPLACE VIEW web_loads AS
WITH report_loads AS (
    SELECT
        load_id,
        any_value(platform) AS platform,
        any_value(source_kind) AS source_kind,
        min(date_start) AS date_start,
        max(date_end) AS date_end,
        count(*)::INTEGER AS tables,
        string_agg(DISTINCT report_title, ' | ' ORDER BY report_title) AS report_titles,
        list_sort(list_distinct(flatten(list(coalesce(json_extract_string(caveats, '$[*]'), []))))) AS caveats
    FROM raw_web_tables
    GROUP BY load_id
),
event_loads AS (
    SELECT
        load_id,
        'ga4' AS platform,
        'ga4_events' AS source_kind,
        min(event_date) AS date_start,
        max(event_date) AS date_end,
        count(DISTINCT event_date)::INTEGER AS tables,
        NULL::VARCHAR AS report_titles,
        list_sort(list_distinct(
            list(CASE WHEN export_table = 'intraday' THEN 'intraday' END)
            || list(CASE WHEN user_pseudo_id IS NULL OR ga_session_id IS NULL THEN 'consent_mode' END)
        )) AS caveats
    FROM raw_ga4_events
    GROUP BY load_id
),
counted AS (
    SELECT DISTINCT load_id FROM stg_web_reports
    UNION
    SELECT DISTINCT load_id FROM stg_ga4__events
),
described AS (
    SELECT * FROM report_loads
    UNION ALL BY NAME
    SELECT * FROM event_loads
)
SELECT
    l.museum_id, l.load_id::INTEGER AS load_id, l.source, d.platform, d.source_kind, l.file_name, l.loaded_at,
    d.date_start, d.date_end, coalesce(d.tables, 0) AS tables, d.report_titles,
    to_json(list_sort(list_distinct(
        list_filter(coalesce(d.caveats, []), lambda c: c IS NOT NULL)
        || CASE WHEN d.source_kind IN ('ga4_ui_csv', 'ga4_api') THEN ['estimates'] ELSE [] END
    )))::VARCHAR AS caveats,
    l.replaced_at IS NULL AND c.load_id IS NOT NULL AS active
FROM load_ledger l
LEFT JOIN described d USING (load_id)
LEFT JOIN counted c USING (load_id)
WHERE l.source IN ('ga4-events', 'ga4-ui', 'ga4-api', 'ua');
