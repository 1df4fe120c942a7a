-- desk_counts: a public view (what notebooks and analysts query). Its contract and column documentation are
-- in the .yml file of the same name; DATA_DICTIONARY.md is generated from them.
-- depends_on: stg_desk_counts
CREATE OR REPLACE VIEW desk_counts AS
SELECT museum_id, period_start, period_end, year, month, origin_category, sum(visitors) AS visitors
FROM stg_desk_counts
GROUP BY ALL;
