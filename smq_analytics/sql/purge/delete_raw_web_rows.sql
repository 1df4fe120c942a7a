-- Purge: the raw_web_rows rows of the purged loads (sources ga4-ui, ga4-api, ua share the table; the
-- statement runs once whatever the number of sources naming it); with --museum also any row of that
-- museum whose load is no longer in the ledger. $museum_id is NULL for --load N, $load_id NULL for
-- --museum ID.
DELETE FROM raw_web_rows
WHERE load_id IN (SELECT load_id FROM load_ledger WHERE museum_id = $museum_id OR load_id = $load_id)
   OR museum_id = $museum_id;
