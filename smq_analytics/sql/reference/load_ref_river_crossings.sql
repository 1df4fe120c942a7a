-- Bridges and ferries across the St. Lawrence downstream of the Québec bridges, with the end (or
-- terminal) on each shore (data/reference/river_crossings.csv; macro travel_km).
INSERT INTO ref_river_crossings
SELECT crossing_id, kind,
       CAST(north_latitude AS DOUBLE), CAST(north_longitude AS DOUBLE),
       CAST(south_latitude AS DOUBLE), CAST(south_longitude AS DOUBLE)
FROM read_csv($path, header = true, all_varchar = true, delim = ',', quote = '"');
