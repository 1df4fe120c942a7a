-- The staged GA4 events keep only raw_ga4_events' columns (and row_number) once the checks are read.
ALTER TABLE ga4_events_stage DROP COLUMN check_event_date;
ALTER TABLE ga4_events_stage DROP COLUMN check_event_timestamp;
ALTER TABLE ga4_events_stage DROP COLUMN check_rejected;
