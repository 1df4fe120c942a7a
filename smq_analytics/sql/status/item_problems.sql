-- Item problems of active loads: the latest $limit loads with item problems, each with its count
-- (load_problems) and its first $limit problems in row order; loads_with_problems counts them all.
-- Values and reasons are shown as stored: postal codes already masked to their FSA.
WITH numbered AS (
    SELECT
        l.museum_id, l.source, l.file_name, l.load_id, l.loaded_at,
        p.row_number, p.column_name, p.value, p.reason_fr, p.reason_en,
        count(*) OVER (PARTITION BY p.load_id) AS load_problems,
        row_number() OVER (PARTITION BY p.load_id ORDER BY p.row_number, p.column_name) AS rank,
        dense_rank() OVER (ORDER BY l.loaded_at DESC, l.load_id DESC) AS load_rank
    FROM item_problems p
    JOIN load_ledger l USING (load_id)
    WHERE l.replaced_at IS NULL
      AND ($museum_id IS NULL OR l.museum_id = $museum_id)
),
ranked AS (
    SELECT *, max(load_rank) OVER () AS loads_with_problems FROM numbered
)
SELECT museum_id, source, file_name, load_id, load_problems, loads_with_problems, row_number, column_name,
       value, reason_fr, reason_en
FROM ranked
WHERE rank <= $limit AND load_rank <= $limit
ORDER BY load_rank, rank;
