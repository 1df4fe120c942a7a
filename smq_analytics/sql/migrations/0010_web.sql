-- 0010 web analytics (docs/ARCHITECTURE.md, « Web analytics »): the raw tables of the four web sources
-- and each museum's web settings from parameters/museums/<id>.yaml (web:).
--
-- raw_ga4_events: the GA4 BigQuery export (source ga4-events), one row per event as Google wrote it,
-- flattened by DuckDB at ingest. A date may be sent again (late events) and an intraday file may
-- precede the daily one: every load is kept, and stg_ga4__events keeps, for each museum and date, the
-- rows of one load only (the daily export before the intraday one, then the latest load).
CREATE TABLE raw_ga4_events (
    load_id               INTEGER NOT NULL,
    museum_id             VARCHAR NOT NULL,
    row_number            BIGINT  NOT NULL,   -- line of the NDJSON file, row of the Parquet file (from 1)
    export_table          VARCHAR NOT NULL,   -- 'daily' (events_YYYYMMDD) | 'intraday' (events_intraday_YYYYMMDD)
    event_date            DATE    NOT NULL,   -- the property's reporting time zone
    event_timestamp       BIGINT  NOT NULL,   -- UTC microseconds
    event_name            VARCHAR NOT NULL,
    user_pseudo_id        VARCHAR,            -- always text (it can look numeric); NULL under consent mode
    ga_session_id         BIGINT,             -- session start in Unix seconds; NULL under consent mode
    ga_session_number     BIGINT,
    stream_id             VARCHAR,
    platform              VARCHAR,            -- WEB | ANDROID | IOS
    session_engaged       INTEGER,            -- 1 / 0 from an int or a string parameter; NULL when absent
    engagement_time_msec  BIGINT,
    page_location         VARCHAR,            -- query string already stripped of personal data (macro web_clean_url)
    page_referrer         VARCHAR,            -- idem
    link_domain           VARCHAR,            -- click events (outbound links)
    param_source          VARCHAR,            -- event_params source / medium / campaign / gclid
    param_medium          VARCHAR,
    param_campaign        VARCHAR,
    param_gclid           VARCHAR,
    collected_source      VARCHAR,            -- collected_traffic_source.manual_source … (NULL in older exports)
    collected_medium      VARCHAR,
    collected_campaign    VARCHAR,
    collected_gclid       VARCHAR,
    last_click_source     VARCHAR,            -- session_traffic_source_last_click (July 2024 onwards)
    last_click_medium     VARCHAR,
    last_click_campaign   VARCHAR,
    transaction_id        VARCHAR,
    purchase_revenue      DOUBLE,
    device_category       VARCHAR,
    geo_country           VARCHAR,
    params_hash           UBIGINT             -- hash of the event's parameters, for duplicate events
);

-- raw_web_tables / raw_web_rows: aggregated reports (sources ga4-ui, ga4-api, ua): one row per table
-- read from a file (a GA4 snapshot or a UA export holds several), then its values in long form, one
-- row per table row × metric, metric and dimension names canonical (data/reference/web_metrics.csv,
-- web_dimensions.csv), rates as fractions, durations in seconds.
CREATE TABLE raw_web_tables (
    load_id        INTEGER NOT NULL,
    museum_id      VARCHAR NOT NULL,
    table_index    INTEGER NOT NULL,          -- 1, 2 … in the file
    platform       VARCHAR NOT NULL,          -- 'ga4' | 'ua'
    source_kind    VARCHAR NOT NULL,          -- 'ga4_ui_csv' | 'ga4_api' | 'ua_export'
    report_title   VARCHAR,                   -- as written in the file
    account        VARCHAR,
    property       VARCHAR,                   -- GA4 property, UA view
    date_start     DATE    NOT NULL,
    date_end       DATE    NOT NULL,
    dimensions     VARCHAR NOT NULL,          -- canonical dimension names of the table, ' × '-joined; 'total' when none
    caveats        VARCHAR,                   -- JSON list of caveat codes (thresholding, sampling, other_row, …)
    currency       VARCHAR,
    time_zone      VARCHAR,
    PRIMARY KEY (load_id, table_index)
);
CREATE TABLE raw_web_rows (
    load_id          INTEGER NOT NULL,
    museum_id        VARCHAR NOT NULL,
    table_index      INTEGER NOT NULL,
    row_number       BIGINT  NOT NULL,        -- line of the file (JSON: 1 + position in rows)
    period_grain     VARCHAR NOT NULL,        -- 'day' | 'month' | 'range' (no date dimension: the table's range)
    period_start     DATE    NOT NULL,
    period_end       DATE    NOT NULL,
    dimension        VARCHAR NOT NULL,        -- canonical name, 'total' for a table with only dates
    dimension_value  VARCHAR,                 -- NULL for 'total'
    metric           VARCHAR NOT NULL,        -- canonical name
    value            DOUBLE,                  -- NULL: not available in the file (GA4 '-1', UA '')
    is_total_row     BOOLEAN NOT NULL         -- the file's own totals row: kept for checks, never summed
);

-- A museum's web settings (parameters/museums/<id>.yaml, web:), written by `smq-analytics init`.
CREATE TABLE museum_web_domains (
    museum_id  VARCHAR NOT NULL,
    domain     VARCHAR NOT NULL,              -- lower case, no scheme, no www.
    role       VARCHAR NOT NULL,              -- 'site' (the museum's own) | 'ticketing' (tickets sold there)
    PRIMARY KEY (museum_id, domain)
);
CREATE TABLE museum_key_events (
    museum_id         VARCHAR NOT NULL,
    key_event         VARCHAR NOT NULL,       -- the museum's name for it (slug), e.g. achat-billet
    event_name        VARCHAR NOT NULL,       -- the GA4 event, e.g. purchase, click, sign_up
    link_domain       VARCHAR,                -- only clicks to this domain (or its subdomains)
    page_path_prefix  VARCHAR,                -- only events on pages under this path
    PRIMARY KEY (museum_id, key_event)
);
ALTER TABLE museums ADD COLUMN web_engaged_seconds INTEGER DEFAULT 10;

-- Google's source categories for the default channel group (data/reference/ga4_source_categories.csv,
-- versioned and extendable: a user adds a line, e.g. a new social network), loaded by `init`.
CREATE TABLE ref_ga4_source_categories (
    source    VARCHAR PRIMARY KEY,            -- lower case, exact (l.facebook.com, m.youtube.com)
    category  VARCHAR NOT NULL                -- SOURCE_CATEGORY_SEARCH | _SOCIAL | _SHOPPING | _VIDEO
);
