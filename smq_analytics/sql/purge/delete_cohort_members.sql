-- Purge --museum: the museum leaves its cohorts (docs/ARCHITECTURE.md, « Peer groups »).
-- $museum_id is NULL for --load N.
DELETE FROM cohort_members
WHERE museum_id = $museum_id AND $load_id IS NULL;
