-- Loads, rows and rejections per museum and source (active loads only).
SELECT
    s.museum_id,
    coalesce(m.name, s.museum_id) AS museum_name,
    s.source,
    s.loads,
    s.rows_read,
    s.rows_accepted,
    s.rows_rejected,
    s.last_loaded_at
FROM load_summary s
LEFT JOIN museums m USING (museum_id)
WHERE $museum_id IS NULL OR s.museum_id = $museum_id
ORDER BY s.museum_id, s.source;
