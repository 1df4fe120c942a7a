-- Quebec municipalities keyed by every spelling a respondent may type: the official name, the
-- aliases of data/reference/municipality_aliases.csv (former municipalities, boroughs, English forms)
-- and the St-/Ste- abbreviation of each (same rule as reference.municipality_spellings).
-- When two spellings fold to the same key, the official name wins, then the alias.
INSERT INTO ref_municipalities
WITH
municipality AS (
    SELECT name, admin_region_code, tourist_region_code,
           CAST(latitude AS DOUBLE) AS latitude, CAST(longitude AS DOUBLE) AS longitude
    FROM read_csv($path, header = true, all_varchar = true, delim = ',', quote = '"')
),
written AS (
    SELECT name AS spelling, name, 0 AS precedence FROM municipality
    UNION ALL
    SELECT alias, name, 1 FROM read_csv($aliases, header = true, all_varchar = true, delim = ',', quote = '"')
),
spelling AS (
    SELECT spelling, name, precedence FROM written
    UNION ALL
    SELECT regexp_replace(regexp_replace(spelling, '\bSainte-', 'Ste-', 'g'), '\bSaint-', 'St-', 'g'),
           name, precedence + 2
    FROM written
    WHERE spelling LIKE '%Saint%'
)
SELECT DISTINCT ON (fold_name(s.spelling))
    fold_name(s.spelling) AS municipality_key, m.name, m.admin_region_code, m.tourist_region_code,
    m.latitude, m.longitude
FROM spelling s
JOIN municipality m USING (name)
WHERE fold_name(s.spelling) IS NOT NULL
ORDER BY fold_name(s.spelling), s.precedence, m.name;
