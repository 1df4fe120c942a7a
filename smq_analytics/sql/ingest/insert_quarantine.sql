-- Rejected rows (ingest_rejected) with their original cells (ingest_cells: row_number, position,
-- header, value) folded into a header -> value map in file column order.
INSERT INTO quarantine (load_id, row_number, column_name, reason_fr, reason_en, original)
WITH originals AS (
    SELECT row_number, map_from_entries(list((header, value) ORDER BY position)) AS original
    FROM ingest_cells
    GROUP BY row_number
)
SELECT $load_id, r.row_number, r.column_name, r.reason_fr, r.reason_en, o.original
FROM ingest_rejected r
JOIN originals o USING (row_number)
ORDER BY r.row_number;
