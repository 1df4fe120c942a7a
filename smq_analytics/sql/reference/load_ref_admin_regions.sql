-- 17 administrative regions (ISQ codes '01'..'17') from data/reference/admin_regions.csv.
INSERT INTO ref_admin_regions
SELECT admin_region_code, name_fr, name_en
FROM read_csv($path, header = true, all_varchar = true, delim = ',', quote = '"');
