-- 0003 reference data for the distance travelled (stg_survey, macros in sql/views/00_macros.sql):
-- FSAs of the other provinces and territories, the St. Lawrence centre line downstream of the
-- Québec bridges, and the crossings (bridges and ferries) a trip from one shore to the other takes.
-- Reloaded from data/reference/ by smq_analytics.reference (method in data/reference/README.md).

CREATE TABLE ref_fsa_outside_quebec (
    fsa                VARCHAR PRIMARY KEY,   -- e.g. K1A
    province_code      VARCHAR NOT NULL,      -- ISO 3166-2:CA suffix, never QC
    latitude DOUBLE NOT NULL, longitude DOUBLE NOT NULL,
    approximate        BOOLEAN NOT NULL       -- rural FSA (0 in second place)
);

CREATE TABLE ref_river_centreline (
    seq       INTEGER PRIMARY KEY,            -- vertex order, upstream to downstream
    longitude DOUBLE NOT NULL,                -- strictly increasing with seq
    latitude  DOUBLE NOT NULL
);

CREATE TABLE ref_river_crossings (
    crossing_id     VARCHAR PRIMARY KEY,
    kind            VARCHAR NOT NULL,         -- bridge | ferry
    north_latitude  DOUBLE NOT NULL, north_longitude DOUBLE NOT NULL,   -- north-shore end (terminal)
    south_latitude  DOUBLE NOT NULL, south_longitude DOUBLE NOT NULL    -- south-shore end (terminal)
);
