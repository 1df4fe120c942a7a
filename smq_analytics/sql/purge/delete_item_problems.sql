-- Purge: item problems (invalid values of accepted rows) of the purged loads.
DELETE FROM item_problems
WHERE load_id IN (SELECT load_id FROM load_ledger WHERE museum_id = $museum_id OR load_id = $load_id)
   OR load_id = $load_id;
