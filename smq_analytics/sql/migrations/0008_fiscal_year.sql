-- 0008 the month a museum's year starts (parameters/museums/<id>.yaml, fiscal_year_start_month: 4 for
-- April–March); 1, the default, is the calendar year. Attendance years and targets follow it: the macro
-- fiscal_year (sql/models/macros/calendar.sql) and smq_analytics/calendar.py state the rule. The
-- parameter file is validated (1 to 12) before it reaches the table; DuckDB cannot add a CHECK here.
ALTER TABLE museums ADD COLUMN fiscal_year_start_month INTEGER DEFAULT 1;
