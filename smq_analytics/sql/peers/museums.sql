-- Every museum with what its type, size and region peer groups are drawn from: museum_type, size_class
-- and the region class of its tourist region (ref_tourist_regions.region_class: urban | regional).
SELECT m.museum_id, m.name, m.name_en, m.museum_type, m.size_class, m.tourist_region_code, r.region_class
FROM museums m
LEFT JOIN ref_tourist_regions r ON r.tourist_region_code = m.tourist_region_code
ORDER BY m.museum_id;
