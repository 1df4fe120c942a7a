-- Provinces and territories (the aliases column serves Python lookups only).
INSERT INTO ref_provinces
SELECT province_code, name_fr, name_en, postal_letters
FROM read_csv($path, header = true, all_varchar = true, delim = ',', quote = '"');
