-- attendance_monthly: a public view (what notebooks and analysts query). Its contract and column documentation are
-- in the .yml file of the same name; DATA_DICTIONARY.md is generated from them.
-- depends_on: stg_attendance
CREATE OR REPLACE VIEW attendance_monthly AS
SELECT
    museum_id, month, year(month) AS year,
    sum(total) AS total, sum(paid) AS paid, sum(free) AS free, sum(school) AS school,
    count(*) AS sites
FROM stg_attendance
GROUP BY museum_id, month;
