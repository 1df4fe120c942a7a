-- stg_ga4__events: the GA4 events that count, one row per event (docs/ARCHITECTURE.md, « Web analytics »).
-- depends_on: web_urls, channels
--
-- 1. One load per museum × event_date. Every file of source ga4-events is kept as its own load
--    (covered_periods 'supersede'); for each museum and event_date only the rows of the winning load
--    count: the daily export (events_YYYYMMDD) before the intraday one (events_intraday_YYYYMMDD, best
--    effort, replaced by the daily table when it lands), then the highest load_id (a date sent again
--    with its late events replaces the earlier file). Intraday rows never add on top of daily ones, and
--    a re-delivered date is never counted twice. A session may still span two dates and two files:
--    int_ga4__sessions groups by session, not by date.
-- 2. Duplicate events removed. Constant DUPLICATE_WINDOW_US = 1000000 (1 second, in the microseconds of
--    event_timestamp), set in the CTE `constants` below: an event is a duplicate when an event kept
--    before it has the same museum, user_pseudo_id, ga_session_id, event_name and params_hash and an
--    event_timestamp at most that window earlier. Events are taken in time order and compared with the
--    previous KEPT one, so three identical events at 0, 0.6 s and 1.2 s keep the first and the third.
--    Events without user_pseudo_id or ga_session_id (consent mode « denied ») have nothing that tells
--    two visitors apart within a window: they are duplicates only when identical to the microsecond
--    (same museum, stream, event_name, params_hash and event_timestamp), which two visitors never are
--    but a re-sent record always is.
-- 3. session_key = stream_id || '/' || user_pseudo_id || '/' || ga_session_id (stream_id '' when the
--    export lacks it): the session id alone is not unique (it is the session start in seconds). NULL
--    when either id is NULL (consent mode): those events count as events, never as sessions.
-- 4. The event's traffic source: collected_traffic_source first (the raw UTMs), else the event_params
--    source / medium / campaign; a gclid (collected or in the params) without any source is Google Ads:
--    google / cpc. session_traffic_source_last_click is kept as is (last_click_*); int_ga4__sessions
--    prefers it. page_referrer is not used: GA4 already writes a referral's source into the params.
-- 5. Key events (museum_key_events): the event name matches and, when the museum's rule gives them,
--    link_domain is the rule's domain or one of its subdomains and the page path (url_path of
--    page_location) starts with the rule's page_path_prefix. An event matching several rules counts
--    once, under the most specific (domain and prefix before domain or prefix alone, the longer prefix
--    first, then the key event's name). is_ticketing_click: a click whose link_domain is a ticketing
--    domain of the museum (museum_web_domains role 'ticketing') or one of its subdomains.
CREATE OR REPLACE VIEW stg_ga4__events AS
WITH constants AS (
    SELECT 1000000::BIGINT AS duplicate_window_us  -- DUPLICATE_WINDOW_US (see the header)
),
winners AS (
    SELECT museum_id, event_date, load_id, export_table
    FROM (SELECT DISTINCT museum_id, event_date, load_id, export_table FROM raw_ga4_events)
    QUALIFY row_number() OVER (
        PARTITION BY museum_id, event_date ORDER BY (export_table = 'daily') DESC, load_id DESC
    ) = 1
),
counted AS (
    SELECT r.*
    FROM raw_ga4_events r
    JOIN winners w USING (museum_id, event_date, load_id, export_table)
),
-- Identical events (same museum, ids, name and parameters). Most events have none: only the sets of
-- two or more (found by hashing the five values, then compared on the values themselves) are put in
-- time order, with the gaps to the previous and the next identical event. An event with no identical
-- neighbour within the window is kept; the others form runs, each event within the window of the one
-- before it.
repeated AS (
    SELECT hash(museum_id, user_pseudo_id, ga_session_id, event_name, params_hash) AS same_hash
    FROM counted
    WHERE user_pseudo_id IS NOT NULL AND ga_session_id IS NOT NULL
    GROUP BY same_hash
    HAVING count(*) > 1
),
neighbours AS (
    SELECT
        museum_id, load_id, row_number, user_pseudo_id, ga_session_id, event_name, params_hash,
        event_timestamp, duplicate_window_us,
        event_timestamp - lag(event_timestamp) OVER same_event AS gap_before,
        lead(event_timestamp) OVER same_event - event_timestamp AS gap_after
    FROM counted, constants
    WHERE user_pseudo_id IS NOT NULL AND ga_session_id IS NOT NULL
      AND hash(museum_id, user_pseudo_id, ga_session_id, event_name, params_hash) IN (SELECT same_hash FROM repeated)
    WINDOW same_event AS (
        PARTITION BY museum_id, user_pseudo_id, ga_session_id, event_name, params_hash
        ORDER BY event_timestamp, load_id, row_number
    )
),
runs AS (
    SELECT *,
           sum(CASE WHEN gap_before IS NULL OR gap_before > duplicate_window_us THEN 1 ELSE 0 END) OVER (
               PARTITION BY museum_id, user_pseudo_id, ga_session_id, event_name, params_hash
               ORDER BY event_timestamp, load_id, row_number
           ) AS run_no
    FROM neighbours
    WHERE gap_before <= duplicate_window_us OR gap_after <= duplicate_window_us
),
-- Walk each run in order, keeping an event that comes more than the window after the last kept one
-- (an event is compared with the last KEPT event, not with the one just before it); the others are
-- the duplicates.
walked AS (
    SELECT museum_id, load_id, row_number, duplicate_window_us,
           row_number() OVER same_run AS position,
           list(event_timestamp) OVER (same_run ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS run
    FROM runs
    WINDOW same_run AS (
        PARTITION BY museum_id, user_pseudo_id, ga_session_id, event_name, params_hash, run_no
        ORDER BY event_timestamp, load_id, row_number
    )
),
duplicates AS (
    SELECT museum_id, load_id, row_number
    FROM walked
    WHERE NOT list_contains(
        list_reduce(
            list_transform(run, lambda t, i: struct_pack(t := t, i := i))[2:],
            lambda kept, e: CASE WHEN e.t - kept[-1].t > duplicate_window_us THEN list_append(kept, e) ELSE kept END,
            [struct_pack(t := run[1], i := 1)]
        ).apply(lambda k: k.i),
        position
    )
),
consent_duplicates AS (
    SELECT museum_id, load_id, row_number
    FROM counted
    WHERE user_pseudo_id IS NULL OR ga_session_id IS NULL
    QUALIFY row_number() OVER (
        PARTITION BY museum_id, stream_id, event_name, params_hash, event_timestamp ORDER BY load_id, row_number
    ) > 1
),
events AS (
    SELECT c.*
    FROM counted c
    ANTI JOIN (SELECT * FROM duplicates UNION ALL SELECT * FROM consent_duplicates) d
        USING (museum_id, load_id, row_number)
),
key_matches AS (
    SELECT e.museum_id, e.load_id, e.row_number, k.key_event
    FROM events e
    JOIN museum_key_events k ON k.museum_id = e.museum_id AND k.event_name = e.event_name
    WHERE (k.link_domain IS NULL OR host_in_domain(e.link_domain, k.link_domain))
      AND (k.page_path_prefix IS NULL OR starts_with(url_path(e.page_location), k.page_path_prefix))
    QUALIFY row_number() OVER (
        PARTITION BY e.museum_id, e.load_id, e.row_number
        ORDER BY (k.link_domain IS NOT NULL)::INTEGER + (k.page_path_prefix IS NOT NULL)::INTEGER DESC,
                 length(coalesce(k.page_path_prefix, '')) DESC, k.key_event
    ) = 1
),
ticketing_clicks AS (
    SELECT DISTINCT e.museum_id, e.load_id, e.row_number, true AS hit
    FROM events e
    JOIN museum_web_domains d
      ON d.museum_id = e.museum_id AND d.role = 'ticketing' AND host_in_domain(e.link_domain, d.domain)
    WHERE e.event_name = 'click'
)
SELECT
    e.museum_id, e.load_id, e.row_number, e.export_table, e.event_date,
    e.event_timestamp, make_timestamp(e.event_timestamp) AS event_at,
    e.event_name, e.user_pseudo_id, e.ga_session_id, e.ga_session_number, e.stream_id, e.platform,
    CASE WHEN e.user_pseudo_id IS NOT NULL AND e.ga_session_id IS NOT NULL
         THEN coalesce(e.stream_id, '') || '/' || e.user_pseudo_id || '/' || e.ga_session_id::VARCHAR END
        AS session_key,
    e.session_engaged, e.engagement_time_msec,
    e.page_location, e.page_referrer, e.link_domain,
    coalesce(e.collected_source, e.param_source,
             CASE WHEN coalesce(e.collected_gclid, e.param_gclid) IS NOT NULL THEN 'google' END) AS event_source,
    coalesce(e.collected_medium, e.param_medium,
             CASE WHEN coalesce(e.collected_gclid, e.param_gclid) IS NOT NULL
                       AND coalesce(e.collected_source, e.param_source) IS NULL THEN 'cpc' END) AS event_medium,
    coalesce(e.collected_campaign, e.param_campaign) AS event_campaign,
    coalesce(e.collected_gclid, e.param_gclid) AS gclid,
    e.last_click_source, e.last_click_medium, e.last_click_campaign,
    k.key_event IS NOT NULL AS is_key_event, k.key_event,
    coalesce(t.hit, false) AS is_ticketing_click,
    e.transaction_id, e.purchase_revenue, e.device_category, e.geo_country
FROM events e
LEFT JOIN key_matches k USING (museum_id, load_id, row_number)
LEFT JOIN ticketing_clicks t USING (museum_id, load_id, row_number);
