-- Purge: the raw_web_tables rows (one per table of a report file) of the purged loads, like
-- delete_raw_web_rows.sql. $museum_id is NULL for --load N, $load_id NULL for --museum ID.
DELETE FROM raw_web_tables
WHERE load_id IN (SELECT load_id FROM load_ledger WHERE museum_id = $museum_id OR load_id = $load_id)
   OR museum_id = $museum_id;
