-- One member of a cohort (parameters/cohorts/<id>.yaml, members).
INSERT INTO cohort_members (cohort_id, museum_id) VALUES (?, ?);
