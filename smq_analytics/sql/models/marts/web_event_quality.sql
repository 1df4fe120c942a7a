-- web_event_quality: a public view, what became of the raw GA4 events of each museum and date
-- (docs/ARCHITECTURE.md, « Web analytics »): how many count, how many duplicates were removed and how
-- many carry no session (consent mode), whether the date rests on an intraday file only, and how many
-- other loads of the date were set aside (a re-delivered date, an intraday file replaced by the daily
-- one). The rules themselves live in stg_ga4__events: the winning load of a date is the one whose rows
-- reach it (the first of each set of identical events always does). Contract: web_event_quality.yml.
-- depends_on: stg_ga4__events
CREATE OR REPLACE VIEW web_event_quality AS
WITH counted AS (
    SELECT museum_id, event_date, any_value(load_id) AS load_id, any_value(export_table) AS export_table,
           count(*) AS events,
           count(*) FILTER (WHERE session_key IS NULL) AS consent_events
    FROM stg_ga4__events
    GROUP BY museum_id, event_date
),
delivered AS (
    SELECT museum_id, event_date, load_id, count(*) AS rows_read,
           count(*) OVER (PARTITION BY museum_id, event_date) AS loads
    FROM raw_ga4_events
    GROUP BY museum_id, event_date, load_id
)
SELECT
    c.museum_id, c.event_date,
    c.events::INTEGER AS events,
    (w.rows_read - c.events)::INTEGER AS duplicate_events_removed,
    c.consent_events::INTEGER AS consent_events,
    c.export_table = 'intraday' AS intraday_only,
    (w.loads - 1)::INTEGER AS superseded_loads
FROM counted c
JOIN delivered w ON w.museum_id = c.museum_id AND w.event_date = c.event_date AND w.load_id = c.load_id;
