-- One museum from parameters/museums/<id>.yaml: insert it, or update it when the id exists.
-- name_en is NULL when the file gives no English name.
INSERT INTO museums (museum_id, name, museum_type, size_class, admin_region_code, tourist_region_code,
                     municipality, latitude, longitude, name_en)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (museum_id) DO UPDATE SET
    name = excluded.name,
    museum_type = excluded.museum_type,
    size_class = excluded.size_class,
    admin_region_code = excluded.admin_region_code,
    tourist_region_code = excluded.tourist_region_code,
    municipality = excluded.municipality,
    latitude = excluded.latitude,
    longitude = excluded.longitude,
    name_en = excluded.name_en;
