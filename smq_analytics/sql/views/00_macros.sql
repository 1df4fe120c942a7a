-- Shared SQL macros. fold_name is the one rule for matching place names (reference loads use it too).
CREATE OR REPLACE MACRO fold_name(x) AS
    nullif(regexp_replace(lower(strip_accents(trim(x))), '[^a-z0-9]+', '', 'g'), '');

-- Great-circle distance in km (haversine, mean Earth radius 6371.0088 km, IUGG).
CREATE OR REPLACE MACRO haversine_km(lat1, lon1, lat2, lon2) AS
    2 * 6371.0088 * asin(sqrt(
        pow(sin(radians(lat2 - lat1) / 2), 2)
        + cos(radians(lat1)) * cos(radians(lat2)) * pow(sin(radians(lon2 - lon1) / 2), 2)));

-- A Canadian postal code or FSA, normalised (upper case, no space or hyphen).
CREATE OR REPLACE MACRO is_canadian_postal(pc) AS
    regexp_full_match(pc, '[ABCEGHJ-NPRSTVXY][0-9][ABCEGHJ-NPRSTV-Z]([0-9][ABCEGHJ-NPRSTV-Z][0-9])?');
