-- A fingerprint of what the reports read: every load (active or replaced), the museums' parameters,
-- their peer groups and cohorts, and the schema version. Two equal fingerprints mean the same data; a run compares them.
SELECT md5(concat_ws('#',
    (SELECT coalesce(string_agg(concat_ws('|', load_id, coalesce(CAST(replaced_at AS VARCHAR), ''), rows_accepted),
                                ',' ORDER BY load_id), '') FROM load_ledger),
    (SELECT coalesce(string_agg(md5(CAST(m AS VARCHAR)), ',' ORDER BY m.museum_id), '') FROM museums m),
    (SELECT coalesce(string_agg(concat_ws('|', museum_id, peer_group), ',' ORDER BY museum_id, peer_group), '')
       FROM museum_peer_groups),
    (SELECT coalesce(string_agg(md5(CAST(c AS VARCHAR)), ',' ORDER BY c.cohort_id), '') FROM cohorts c),
    (SELECT coalesce(string_agg(concat_ws('|', cohort_id, museum_id), ',' ORDER BY cohort_id, museum_id), '')
       FROM cohort_members),
    (SELECT CAST(coalesce(max(version), 0) AS VARCHAR) FROM schema_migrations)
)) AS snapshot;
