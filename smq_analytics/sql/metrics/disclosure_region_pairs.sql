-- (administrative region, tourist region) pairs that exist in Quebec: what any reader can know of
-- how the two kinds of region overlap (disclosure audit). Pairs seen in responses are added so the
-- audit never assumes a structure the data contradicts.
SELECT DISTINCT admin, tourist FROM (
    SELECT admin_region_code AS admin, tourist_region_code AS tourist FROM ref_fsa
    UNION ALL
    SELECT admin_region_code, tourist_region_code FROM ref_municipalities
    UNION ALL
    SELECT admin_region_code, tourist_region_code FROM survey_responses WHERE province = 'QC'
)
WHERE admin IS NOT NULL AND tourist IS NOT NULL
ORDER BY admin, tourist;
