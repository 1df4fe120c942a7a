-- The most recent quarantined rows with their reasons, for one museum or all.
SELECT
    l.museum_id, l.source, l.file_name, q.row_number, q.column_name,
    q.reason_fr, q.reason_en
FROM quarantine q
JOIN load_ledger l USING (load_id)
WHERE l.replaced_at IS NULL
  AND ($museum_id IS NULL OR l.museum_id = $museum_id)
ORDER BY l.loaded_at DESC, l.load_id DESC, q.row_number
LIMIT $limit;
