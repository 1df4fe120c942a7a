-- Where the FSAs of the other provinces and territories lie (built by smq_analytics.reference_build
-- from the published centroids; rural FSAs approximate).
INSERT INTO ref_fsa_outside_quebec
SELECT fsa, province_code, CAST(latitude AS DOUBLE), CAST(longitude AS DOUBLE), CAST(approximate AS BOOLEAN)
FROM read_csv($path, header = true, all_varchar = true, delim = ',', quote = '"');
