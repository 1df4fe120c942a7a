-- ISO 3166-1 alpha-2 countries with French and English names, a world area and the grammar of their names.
INSERT INTO ref_countries (country_code, name_fr, name_en, world_area, article_fr, gender_fr, locative_fr, article_en)
SELECT country_code, name_fr, name_en, world_area,
       coalesce(article_fr, ''), gender_fr, coalesce(locative_fr, ''), coalesce(article_en, '')
FROM read_csv($path, header = true, all_varchar = true, delim = ',', quote = '"');
