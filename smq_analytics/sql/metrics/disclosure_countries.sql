-- Countries other than Canada with their world area (disclosure audit).
SELECT country_code AS country, world_area AS area FROM ref_countries WHERE country_code <> 'CA' ORDER BY country_code;
