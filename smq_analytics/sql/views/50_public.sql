-- Public views: what notebooks and analysts query. Documented column by column in DATA_DICTIONARY.md.
CREATE OR REPLACE VIEW survey_responses AS
SELECT * FROM stg_survey;

CREATE OR REPLACE VIEW attendance_monthly AS
SELECT
    museum_id, month, year(month) AS year,
    sum(total) AS total, sum(paid) AS paid, sum(free) AS free, sum(school) AS school,
    count(*) AS sites
FROM stg_attendance
GROUP BY museum_id, month;

CREATE OR REPLACE VIEW desk_counts AS
SELECT museum_id, period_start, period_end, year, month, origin_category, sum(visitors) AS visitors
FROM stg_desk_counts
GROUP BY ALL;

CREATE OR REPLACE VIEW load_summary AS
SELECT
    museum_id, source,
    count(*) AS loads,
    sum(rows_read) AS rows_read, sum(rows_accepted) AS rows_accepted, sum(rows_rejected) AS rows_rejected,
    max(loaded_at) AS last_loaded_at
FROM load_ledger
WHERE replaced_at IS NULL
GROUP BY museum_id, source;
