-- Purge: quarantined rows (the original cells of rejected rows) of the purged loads.
DELETE FROM quarantine
WHERE load_id IN (SELECT load_id FROM load_ledger WHERE museum_id = $museum_id OR load_id = $load_id)
   OR load_id = $load_id;
