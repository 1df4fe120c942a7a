-- A GA4 BigQuery export as Parquet, read by DuckDB. ingest/ga4_events.py replaces /* columns */ with one
-- expression per column of ga4_events.EXPORT_COLUMNS: the file's column cast to that structure (a struct
-- is cast field by field, by name: a field the file lacks is NULL), or a typed NULL when the file has no
-- such column (exports before July 2024 have no session_traffic_source_last_click). row_number: the
-- row of the file, from 1.
SELECT file_row_number + 1 AS row_number, /* columns */
FROM read_parquet($path, file_row_number = true)
