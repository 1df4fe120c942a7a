-- 21 tourist regions (our stable codes 'TR01'..'TR21') from data/reference/tourist_regions.csv.
INSERT INTO ref_tourist_regions
SELECT tourist_region_code, name_fr, name_en
FROM read_csv($path, header = true, all_varchar = true, delim = ',', quote = '"');
