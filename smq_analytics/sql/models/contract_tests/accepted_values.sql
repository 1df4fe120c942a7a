-- Contract test accepted_values: rows of $relation whose column $column holds a value outside the list
-- $accepted (compared as text; NULL is not tested here: not_null does that), and up to 3 such values.
SELECT count(*) AS failing, list(DISTINCT value ORDER BY value)[1:3] AS sample
FROM (SELECT COLUMNS(lambda c: c = $column)::VARCHAR AS value FROM query_table($relation))
WHERE value IS NOT NULL AND NOT list_contains($accepted::VARCHAR[], value);
