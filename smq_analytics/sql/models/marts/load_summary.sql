-- load_summary: a public view (what notebooks and analysts query). Its contract and column documentation are
-- in the .yml file of the same name; DATA_DICTIONARY.md is generated from them.
CREATE OR REPLACE VIEW load_summary AS
SELECT
    museum_id, source,
    count(*) AS loads,
    sum(rows_read) AS rows_read, sum(rows_accepted) AS rows_accepted, sum(rows_rejected) AS rows_rejected,
    max(loaded_at) AS last_loaded_at
FROM load_ledger
WHERE replaced_at IS NULL
GROUP BY museum_id, source;
