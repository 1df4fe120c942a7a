-- stg_attendance: monthly entries per museum and site. When two loads cover the same museum,
-- month and site, the most recent load wins.
CREATE OR REPLACE VIEW stg_attendance AS
SELECT a.museum_id, a.month, a.site, a.total, a.paid, a.free, a.school, a.load_id
FROM raw_attendance a
JOIN load_ledger l USING (load_id)
QUALIFY row_number() OVER (PARTITION BY a.museum_id, a.month, a.site ORDER BY l.loaded_at DESC, a.load_id DESC) = 1;
