-- Contract test not_null: rows of $relation whose column $column is NULL, and up to 3 of them.
-- Relation and column are bound values (query_table and a COLUMNS lambda), never formatted into the text.
SELECT count(*) AS failing, list(t)[1:3] AS sample
FROM query_table($relation) t
WHERE COLUMNS(lambda c: c = $column) IS NULL;
