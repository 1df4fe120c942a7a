-- Purge: the raw_ga4_events rows of the purged loads; with --museum also any row of that museum whose load is
-- no longer in the ledger. $museum_id is NULL for --load N, $load_id NULL for --museum ID.
DELETE FROM raw_ga4_events
WHERE load_id IN (SELECT load_id FROM load_ledger WHERE museum_id = $museum_id OR load_id = $load_id)
   OR museum_id = $museum_id;
