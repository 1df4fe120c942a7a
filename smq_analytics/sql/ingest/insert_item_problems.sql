-- Item problems of accepted rows (ingest_item_problems: row_number, column_name, value, reason_fr,
-- reason_en — Problems.item_problems()) for one load.
INSERT INTO item_problems (load_id, row_number, column_name, value, reason_fr, reason_en)
SELECT $load_id, row_number, column_name, value, reason_fr, reason_en
FROM ingest_item_problems
ORDER BY row_number, column_name;
