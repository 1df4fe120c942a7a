-- The museum's own administrative and tourist region (an action never sends it to its own region).
SELECT admin_region_code, tourist_region_code FROM museums WHERE museum_id = $museum_id;
