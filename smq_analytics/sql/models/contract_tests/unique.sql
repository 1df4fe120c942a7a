-- Contract test unique (one column) or unique_key (a combination): rows of $relation whose values of the
-- columns $columns occur more than once, and up to 3 of the repeated keys.
WITH keyed AS (
    SELECT struct_pack(*COLUMNS(lambda c: list_contains($columns, c))) AS key
    FROM query_table($relation)
),
repeated AS (
    SELECT key, count(*) AS n FROM keyed GROUP BY key HAVING count(*) > 1
)
SELECT coalesce(sum(n), 0)::BIGINT AS failing, list(key ORDER BY key)[1:3] AS sample
FROM repeated;
