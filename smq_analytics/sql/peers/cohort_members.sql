-- Each cohort's members that are in the store, with the cohort's name and whether its members agreed
-- to be named (peers_named).
SELECT c.cohort_id, c.name, c.year, c.peers_named, cm.museum_id
FROM cohorts c
JOIN cohort_members cm ON cm.cohort_id = c.cohort_id
JOIN museums m ON m.museum_id = cm.museum_id
ORDER BY c.cohort_id, cm.museum_id;
