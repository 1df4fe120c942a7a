-- ISO 3166-1 alpha-2 countries with French and English names and a world area.
INSERT INTO ref_countries
SELECT country_code, name_fr, name_en, world_area
FROM read_csv($path, header = true, all_varchar = true, delim = ',', quote = '"');
