-- 0001 core schema: reference tables, museums, load ledger, quarantine, raw tables.
-- Raw tables keep every accepted row with the load that brought it; staging views (sql/views/)
-- type, normalise and derive; public views are documented in DATA_DICTIONARY.md.

CREATE SEQUENCE IF NOT EXISTS load_id_seq START 1;

CREATE TABLE load_ledger (
    load_id        BIGINT PRIMARY KEY,
    source         VARCHAR NOT NULL,          -- survey | desk-counts | attendance
    museum_id      VARCHAR NOT NULL,
    survey_year    INTEGER,                   -- season the file belongs to, when it applies
    file_name      VARCHAR NOT NULL,
    file_sha256    VARCHAR NOT NULL,
    file_format    VARCHAR NOT NULL,          -- csv | xlsx
    encoding       VARCHAR,                   -- utf-8 | utf-8-sig | cp1252 (csv only)
    delimiter      VARCHAR,                   -- , ; or tab (csv only)
    mapping_file   VARCHAR,
    mapping_sha256 VARCHAR,
    rows_read      INTEGER NOT NULL,
    rows_accepted  INTEGER NOT NULL,
    rows_rejected  INTEGER NOT NULL,
    loaded_at      TIMESTAMP NOT NULL,
    replaced_at    TIMESTAMP,                 -- set when --replace superseded this load
    CHECK (rows_read = rows_accepted + rows_rejected)
);

CREATE TABLE quarantine (
    load_id        BIGINT NOT NULL,
    row_number     INTEGER NOT NULL,          -- spreadsheet row number in the file (header = 1)
    column_name    VARCHAR,                   -- first offending canonical column, if any
    reason_fr      VARCHAR NOT NULL,
    reason_en      VARCHAR NOT NULL,
    original       MAP(VARCHAR, VARCHAR) NOT NULL,  -- the row exactly as read, header -> value
    PRIMARY KEY (load_id, row_number)
);

CREATE TABLE museums (
    museum_id          VARCHAR PRIMARY KEY,
    name               VARCHAR NOT NULL,
    museum_type        VARCHAR NOT NULL,
    size_class         VARCHAR NOT NULL,
    admin_region_code  VARCHAR NOT NULL,
    tourist_region_code VARCHAR NOT NULL,
    municipality       VARCHAR NOT NULL,
    latitude           DOUBLE NOT NULL,
    longitude          DOUBLE NOT NULL
);

-- Reference tables are reloaded from data/reference/ by smq_analytics.reference.
CREATE TABLE ref_admin_regions (
    admin_region_code VARCHAR PRIMARY KEY,    -- ISQ code '01'..'17'
    name_fr VARCHAR NOT NULL, name_en VARCHAR NOT NULL
);
CREATE TABLE ref_tourist_regions (
    tourist_region_code VARCHAR PRIMARY KEY,  -- our own stable code 'TR01'..'TR21'
    name_fr VARCHAR NOT NULL, name_en VARCHAR NOT NULL
);
CREATE TABLE ref_provinces (
    province_code VARCHAR PRIMARY KEY,        -- ISO 3166-2:CA suffix, e.g. QC
    name_fr VARCHAR NOT NULL, name_en VARCHAR NOT NULL,
    postal_letters VARCHAR NOT NULL           -- first letters of its postal codes, e.g. 'GHJ'
);
CREATE TABLE ref_countries (
    country_code VARCHAR PRIMARY KEY,         -- ISO 3166-1 alpha-2
    name_fr VARCHAR NOT NULL, name_en VARCHAR NOT NULL,
    world_area VARCHAR NOT NULL               -- canada | usa | europe | latin_america | asia | africa | oceania | other
);
CREATE TABLE ref_municipalities (
    municipality_key   VARCHAR PRIMARY KEY,   -- folded name: lower case, no accents, no punctuation
    name               VARCHAR NOT NULL,
    admin_region_code  VARCHAR NOT NULL,
    tourist_region_code VARCHAR NOT NULL,
    latitude DOUBLE NOT NULL, longitude DOUBLE NOT NULL
);
CREATE TABLE ref_fsa (
    fsa                VARCHAR NOT NULL,      -- e.g. G1R
    admin_region_code  VARCHAR NOT NULL,
    tourist_region_code VARCHAR NOT NULL,
    latitude DOUBLE NOT NULL, longitude DOUBLE NOT NULL,
    approximate        BOOLEAN NOT NULL,      -- rural FSA or one straddling regions
    origin             VARCHAR NOT NULL,      -- 'shipped' or 'user' (user rows take precedence)
    PRIMARY KEY (fsa, origin)
);

CREATE TABLE raw_survey (
    load_id        BIGINT NOT NULL,
    row_number     INTEGER NOT NULL,
    museum_id      VARCHAR NOT NULL,
    survey_year    INTEGER NOT NULL,
    response_id    VARCHAR,
    -- provenance
    postal_code    VARCHAR,                   -- normalised: 'G1R2L3', 'G1R' (FSA only) or a foreign code as given
    municipality   VARCHAR,
    province       VARCHAR,                   -- province code, e.g. QC
    country        VARCHAR,                   -- ISO alpha-2
    overnight      BOOLEAN,
    nights         INTEGER,
    lives_over_40km BOOLEAN,                  -- optional self-report, used when no distance can be computed
    transport_mode VARCHAR,
    -- visit
    visit_date     DATE,
    first_visit    BOOLEAN,
    party_type     VARCHAR,
    party_size     INTEGER,
    trip_reason    VARCHAR,                   -- main | one_of | not_a_reason
    info_sources   VARCHAR[],
    -- satisfaction, 4-point scale: 4 très satisfait .. 1 pas du tout satisfait
    sat_overall UTINYINT, sat_reception UTINYINT, sat_exhibitions UTINYINT, sat_activities UTINYINT,
    sat_signage UTINYINT, sat_price_value UTINYINT, sat_shop UTINYINT, sat_cafe UTINYINT,
    sat_cleanliness UTINYINT, sat_accessibility UTINYINT,
    recommend      UTINYINT,                  -- 4 oui sans hésiter .. 1 certainement pas
    nps_score      UTINYINT,                  -- 0..10, optional item
    age_band       VARCHAR,
    gender         VARCHAR,
    questionnaire_language VARCHAR,
    comment        VARCHAR,
    PRIMARY KEY (load_id, row_number)
);

CREATE TABLE raw_desk_counts (
    load_id        BIGINT NOT NULL,
    row_number     INTEGER NOT NULL,
    museum_id      VARCHAR NOT NULL,
    period_start   DATE NOT NULL,
    period_end     DATE NOT NULL,             -- same as start for a daily count, start + 6 for a week
    origin_category VARCHAR NOT NULL,         -- local | quebec_other | other_province | united_states | other_country | unknown
    visitors       INTEGER NOT NULL
);

CREATE TABLE raw_attendance (
    load_id        BIGINT NOT NULL,
    row_number     INTEGER NOT NULL,
    museum_id      VARCHAR NOT NULL,
    month          DATE NOT NULL,             -- first day of the month
    site           VARCHAR NOT NULL DEFAULT '',  -- '' when the museum has one site
    total          INTEGER NOT NULL,
    paid           INTEGER,
    free           INTEGER,
    school         INTEGER
);
