-- Purge: the rating scales recorded for the purged survey loads (survey_item_scales, 0007).
DELETE FROM survey_item_scales
WHERE load_id IN (SELECT load_id FROM load_ledger WHERE museum_id = $museum_id OR load_id = $load_id)
   OR load_id = $load_id;
