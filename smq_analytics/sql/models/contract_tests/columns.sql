-- The columns of table or view $relation with DuckDB's type names, in column order (contract checks).
SELECT column_name, data_type
FROM information_schema.columns
WHERE table_name = $relation
ORDER BY ordinal_position;
