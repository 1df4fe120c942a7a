-- One cohort (parameters/cohorts/<id>.yaml): its name, year and whether its members agreed to be named.
INSERT INTO cohorts (cohort_id, name, year, peers_named) VALUES (?, ?, ?, ?);
