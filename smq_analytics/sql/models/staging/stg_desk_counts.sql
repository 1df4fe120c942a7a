-- stg_desk_counts: desk tallies by period and origin category.
CREATE OR REPLACE VIEW stg_desk_counts AS
SELECT
    load_id, row_number, museum_id, period_start, period_end,
    year(period_start) AS year, month(period_start) AS month,
    origin_category, visitors
FROM raw_desk_counts;
