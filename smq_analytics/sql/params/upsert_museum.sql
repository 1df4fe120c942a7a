-- One museum from parameters/museums/<id>.yaml: insert it, or update it when the id exists.
-- name_en is NULL when the file gives no English name; keep_full_postal_code is false unless asked;
-- fiscal_year_start_month is 1 (calendar year) unless the file gives the month the museum's year starts;
-- web_engaged_seconds is GA4's session timer (web.engaged_after_seconds, 10 by default).
INSERT INTO museums (museum_id, name, museum_type, size_class, admin_region_code, tourist_region_code,
                     municipality, latitude, longitude, name_en, keep_full_postal_code, fiscal_year_start_month,
                     web_engaged_seconds)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (museum_id) DO UPDATE SET
    name = excluded.name,
    museum_type = excluded.museum_type,
    size_class = excluded.size_class,
    admin_region_code = excluded.admin_region_code,
    tourist_region_code = excluded.tourist_region_code,
    municipality = excluded.municipality,
    latitude = excluded.latitude,
    longitude = excluded.longitude,
    name_en = excluded.name_en,
    keep_full_postal_code = excluded.keep_full_postal_code,
    fiscal_year_start_month = excluded.fiscal_year_start_month,
    web_engaged_seconds = excluded.web_engaged_seconds;
