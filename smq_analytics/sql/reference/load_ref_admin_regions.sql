-- 17 administrative regions (ISQ codes '01'..'17') from data/reference/admin_regions.csv, with the
-- grammar of their names (article_fr, gender_fr, locative_fr, article_en; '' = none or default).
INSERT INTO ref_admin_regions (admin_region_code, name_fr, name_en, article_fr, gender_fr, locative_fr, article_en)
SELECT admin_region_code, name_fr, name_en,
       coalesce(article_fr, ''), gender_fr, coalesce(locative_fr, ''), coalesce(article_en, '')
FROM read_csv($path, header = true, all_varchar = true, delim = ',', quote = '"');
