-- Contract test relationships: rows of $relation whose column $column holds a value absent from column
-- $field of $to (a reference table or view), and up to 3 such values. NULL is not tested here.
SELECT count(*) AS failing, list(DISTINCT value::VARCHAR ORDER BY value::VARCHAR)[1:3] AS sample
FROM (SELECT COLUMNS(lambda c: c = $column) AS value FROM query_table($relation))
WHERE value IS NOT NULL
  AND value NOT IN (
      SELECT COLUMNS(lambda c: c = $field) FROM query_table($to)
      WHERE COLUMNS(lambda c: c = $field) IS NOT NULL);
