-- The St. Lawrence centre line from just upstream of the Québec bridges to the Gulf, vertices in
-- order of increasing longitude (data/reference/river_centreline.csv; macro river_shore).
INSERT INTO ref_river_centreline
SELECT CAST(seq AS INTEGER), CAST(longitude AS DOUBLE), CAST(latitude AS DOUBLE)
FROM read_csv($path, header = true, all_varchar = true, delim = ',', quote = '"');
