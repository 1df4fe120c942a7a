-- Rejected rows (ingest_rejected) with the cells kept of them (ingest_cells: row_number, position,
-- header, value) folded into a header -> value map in file column order. The loader passes only the
-- columns read for canonical items, personal values masked (ingest/survey.py, quarantine_cells).
INSERT INTO quarantine (load_id, row_number, column_name, reason_fr, reason_en, original)
WITH originals AS (
    SELECT row_number, map_from_entries(list((header, value) ORDER BY position)) AS original
    FROM ingest_cells
    GROUP BY row_number
)
SELECT $load_id, r.row_number, r.column_name, r.reason_fr, r.reason_en,
       coalesce(o.original, MAP([]::VARCHAR[], []::VARCHAR[]))
FROM ingest_rejected r
LEFT JOIN originals o USING (row_number)
ORDER BY r.row_number;
