-- Purge --museum: the museum's key events (parameters web.key_events).
-- $museum_id is NULL for --load N.
DELETE FROM museum_key_events
WHERE museum_id = $museum_id AND $load_id IS NULL;
