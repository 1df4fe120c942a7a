-- Provinces and territories, with the grammar of their names (the aliases column serves Python lookups only).
INSERT INTO ref_provinces (province_code, name_fr, name_en, postal_letters, article_fr, gender_fr, locative_fr, article_en)
SELECT province_code, name_fr, name_en, postal_letters,
       coalesce(article_fr, ''), gender_fr, coalesce(locative_fr, ''), coalesce(article_en, '')
FROM read_csv($path, header = true, all_varchar = true, delim = ',', quote = '"');
