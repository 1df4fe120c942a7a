-- The loads a purge removes: every load of $museum_id (active or replaced), or the load $load_id.
-- Exactly one of $museum_id and $load_id is set (the other is NULL). Returns what the confirmation
-- and the summary name: each load's museum, source and season.
SELECT load_id, museum_id, source, survey_year, replaced_at IS NOT NULL AS replaced
FROM load_ledger
WHERE museum_id = $museum_id OR load_id = $load_id
ORDER BY load_id;
