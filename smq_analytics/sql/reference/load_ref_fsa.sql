-- The shipped FSA -> region crosswalk (built by smq_analytics.reference_build), origin 'shipped'.
INSERT INTO ref_fsa
SELECT fsa, admin_region_code, tourist_region_code,
       CAST(latitude AS DOUBLE), CAST(longitude AS DOUBLE), CAST(approximate AS BOOLEAN), 'shipped'
FROM read_csv($path, header = true, all_varchar = true, delim = ',', quote = '"');
