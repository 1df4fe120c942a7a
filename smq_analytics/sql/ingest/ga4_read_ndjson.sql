-- A GA4 BigQuery export as newline-delimited JSON (.json, .jsonl, .ndjson, each possibly .gz), read by
-- DuckDB with the structure $columns (ga4_events.EXPORT_COLUMNS: a field the file lacks, as older
-- exports lack collected_traffic_source, reads as NULL). row_number: the line of the file, from 1
-- (WITH ORDINALITY numbers the lines in file order).
SELECT ordinality AS row_number, * EXCLUDE (ordinality)
FROM read_json($path, format = 'newline_delimited', records = true, columns = $columns) WITH ORDINALITY
