-- GA4 BigQuery export → the columns of raw_ga4_events (docs/ARCHITECTURE.md, « Web analytics »).
-- ingest/ga4_events.py puts this after `WITH ga4_export AS (<read>)`, the file read by DuckDB's own
-- reader (sql/ingest/ga4_read_ndjson.sql, or the Parquet select built from the file's columns) with
-- the columns of ga4_events.EXPORT_COLUMNS plus row_number, and stages the result in a temporary table.
--
-- One row per event, as Google wrote it: duplicates are kept (stg_ga4__events removes them with
-- params_hash). The export's INT64 fields may arrive as JSON strings: every number is read as text and
-- cast here. Values that do not fit leave the typed column NULL; the rows whose event_name, event_date
-- or event_timestamp is missing or unreadable, or whose event_date is more than one day from the UTC
-- date of event_timestamp, are rejected by the parser (check_* columns keep what they held).
, typed AS (
    SELECT
        row_number,
        nullif(trim(event_date), '') AS event_date_text,
        nullif(trim(event_timestamp), '') AS event_timestamp_text,
        CASE WHEN regexp_full_match(trim(event_date), '[0-9]{8}')
             THEN try_strptime(trim(event_date), '%Y%m%d')::DATE END AS event_date,
        CASE WHEN regexp_full_match(trim(event_timestamp), '-?[0-9]+')
             THEN try_cast(trim(event_timestamp) AS BIGINT) END AS event_timestamp,
        nullif(trim(event_name), '') AS event_name,
        nullif(user_pseudo_id, '') AS user_pseudo_id,
        list_filter(event_params, lambda p: p.key = 'ga_session_id')[1].value AS p_session_id,
        list_filter(event_params, lambda p: p.key = 'ga_session_number')[1].value AS p_session_number,
        list_filter(event_params, lambda p: p.key = 'session_engaged')[1].value AS p_engaged,
        list_filter(event_params, lambda p: p.key = 'engagement_time_msec')[1].value AS p_engagement,
        list_filter(event_params, lambda p: p.key = 'page_location')[1].value.string_value AS page_location,
        list_filter(event_params, lambda p: p.key = 'page_referrer')[1].value.string_value AS page_referrer,
        list_filter(event_params, lambda p: p.key = 'link_domain')[1].value.string_value AS link_domain,
        list_filter(event_params, lambda p: p.key = 'source')[1].value.string_value AS param_source,
        list_filter(event_params, lambda p: p.key = 'medium')[1].value.string_value AS param_medium,
        list_filter(event_params, lambda p: p.key = 'campaign')[1].value.string_value AS param_campaign,
        list_filter(event_params, lambda p: p.key = 'gclid')[1].value.string_value AS param_gclid,
        stream_id,
        platform,
        collected_traffic_source AS collected,
        -- session_traffic_source_last_click (July 2024 on): Google's cross-channel attribution when it
        -- is there (it names Direct and Google Ads sessions too), else the manual campaign
        CASE WHEN session_traffic_source_last_click.cross_channel_campaign.source IS NOT NULL
               OR session_traffic_source_last_click.cross_channel_campaign.medium IS NOT NULL
             THEN session_traffic_source_last_click.cross_channel_campaign
             ELSE session_traffic_source_last_click.manual_campaign END AS last_click,
        ecommerce,
        device.category AS device_category,
        geo.country AS geo_country,
        hash(event_params) AS params_hash
    FROM ga4_export
),
-- URLs are cleaned once per distinct value (a site has a few hundred pages and a million events), then
-- joined back: the same rule, web_clean_url, at a fifth of the cost of cleaning every row.
urls AS (
    SELECT url, web_clean_url(url) AS clean
    FROM (SELECT page_location AS url FROM typed UNION SELECT page_referrer FROM typed)
    WHERE url IS NOT NULL
)
SELECT
    row_number,
    $export_table AS export_table,
    event_date,
    event_timestamp,
    event_name,
    user_pseudo_id,
    try_cast(coalesce(p_session_id.int_value, p_session_id.string_value) AS BIGINT) AS ga_session_id,
    try_cast(coalesce(p_session_number.int_value, p_session_number.string_value) AS BIGINT) AS ga_session_number,
    stream_id,
    platform,
    -- an int on session_start and first_visit, the string '1' on other events: both count
    CASE trim(coalesce(p_engaged.int_value, p_engaged.string_value)) WHEN '1' THEN 1 WHEN '0' THEN 0 END
        AS session_engaged,
    try_cast(coalesce(p_engagement.int_value, p_engagement.string_value) AS BIGINT) AS engagement_time_msec,
    page_urls.clean AS page_location,
    referrer_urls.clean AS page_referrer,
    link_domain,
    param_source,
    param_medium,
    param_campaign,
    param_gclid,
    collected.manual_source AS collected_source,
    collected.manual_medium AS collected_medium,
    collected.manual_campaign_name AS collected_campaign,
    collected.gclid AS collected_gclid,
    last_click.source AS last_click_source,
    last_click.medium AS last_click_medium,
    last_click.campaign_name AS last_click_campaign,
    nullif(ecommerce.transaction_id, '') AS transaction_id,
    try_cast(ecommerce.purchase_revenue AS DOUBLE) AS purchase_revenue,
    device_category,
    geo_country,
    params_hash,
    -- for the parser's checks; dropped before the loader inserts the rows
    event_date_text AS check_event_date,
    event_timestamp_text AS check_event_timestamp,
    event_name IS NULL OR event_date IS NULL OR event_timestamp IS NULL
        OR NOT coalesce(abs(datediff('day', event_date,
                CASE WHEN event_timestamp BETWEEN 0 AND 253402300799999999 -- up to 9999-12-31
                     THEN make_timestamp(event_timestamp)::DATE END)) <= 1, false) AS check_rejected
FROM typed
LEFT JOIN urls AS page_urls ON page_urls.url = typed.page_location
LEFT JOIN urls AS referrer_urls ON referrer_urls.url = typed.page_referrer
