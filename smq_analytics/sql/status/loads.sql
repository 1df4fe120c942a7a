-- Loads, rows, rejections and item problems per museum and source (active loads only).
-- item_problems: invalid answers stored missing on accepted rows (table item_problems).
WITH problems AS (
    SELECT l.museum_id, l.source, count(*) AS item_problems
    FROM item_problems p
    JOIN load_ledger l USING (load_id)
    WHERE l.replaced_at IS NULL
    GROUP BY l.museum_id, l.source
)
SELECT
    s.museum_id,
    coalesce(m.name, s.museum_id) AS museum_name,
    s.source,
    s.loads,
    s.rows_read,
    s.rows_accepted,
    s.rows_rejected,
    coalesce(p.item_problems, 0) AS item_problems,
    s.last_loaded_at
FROM load_summary s
LEFT JOIN museums m USING (museum_id)
LEFT JOIN problems p USING (museum_id, source)
WHERE $museum_id IS NULL OR s.museum_id = $museum_id
ORDER BY s.museum_id, s.source;
