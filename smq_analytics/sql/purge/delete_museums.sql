-- Purge --museum: the museum's row (name, region, coordinates). $museum_id is NULL for --load N.
DELETE FROM museums
WHERE museum_id = $museum_id AND $load_id IS NULL;
