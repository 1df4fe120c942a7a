-- What a museum's parameters ask of a load (e.g. whether to keep full postal codes).
SELECT coalesce(keep_full_postal_code, false) AS keep_full_postal_code
FROM museums
WHERE museum_id = $museum_id;
