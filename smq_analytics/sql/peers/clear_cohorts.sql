-- Before the cohorts are written again (params.sync_museums): the cohort files are the one source and
-- are written back whole in the same transaction.
DELETE FROM cohort_members;
DELETE FROM cohorts;
