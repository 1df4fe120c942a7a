-- The staged GA4 events the parser rejects (sql/ingest/ga4_stage_events.sql, check_rejected), with what
-- they held, for the quarantine: few rows, read into pandas.
SELECT row_number,
       check_event_date AS event_date_text,
       check_event_timestamp AS event_timestamp_text,
       event_name,
       user_pseudo_id,
       event_date,
       event_timestamp IS NOT NULL AS timestamp_ok,
       strftime(CASE WHEN event_timestamp BETWEEN 0 AND 253402300799999999
                     THEN make_timestamp(event_timestamp)::DATE END, '%Y-%m-%d') AS timestamp_date
FROM ga4_events_stage
WHERE check_rejected
ORDER BY row_number
