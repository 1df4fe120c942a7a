-- 21 tourist regions (our stable codes 'TR01'..'TR21') from data/reference/tourist_regions.csv, with the
-- grammar of their names; text_name_fr/_en: the name in running text when it differs (TR04: « région de Québec »);
-- region_class: urban (the metropolitan regions Montréal, Laval, Québec) or regional, the region peer group
-- of the museums standing in it (peers.py, migration 0009).
INSERT INTO ref_tourist_regions (tourist_region_code, name_fr, name_en, article_fr, gender_fr, locative_fr, article_en,
                                 text_name_fr, text_name_en, region_class)
SELECT tourist_region_code, name_fr, name_en,
       coalesce(article_fr, ''), gender_fr, coalesce(locative_fr, ''), coalesce(article_en, ''),
       coalesce(text_name_fr, ''), coalesce(text_name_en, ''), region_class
FROM read_csv($path, header = true, all_varchar = true, delim = ',', quote = '"');
