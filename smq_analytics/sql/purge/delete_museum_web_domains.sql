-- Purge --museum: the museum's web domains (parameters web.site_domains / ticketing_domains).
-- $museum_id is NULL for --load N.
DELETE FROM museum_web_domains
WHERE museum_id = $museum_id AND $load_id IS NULL;
