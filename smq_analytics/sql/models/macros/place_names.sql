-- Place-name and postal-code macros, shared by stg_survey and the reference loads
-- (docs/ARCHITECTURE.md, « SQL models »).

-- fold_name is the one rule for matching place names (reference loads use it too).
CREATE OR REPLACE MACRO fold_name(x) AS
    nullif(regexp_replace(lower(strip_accents(trim(x))), '[^a-z0-9]+', '', 'g'), '');

-- A Canadian postal code or FSA, normalised (upper case, no space or hyphen). Canada Post's letters,
-- as smq_analytics/postal.py has them: never D F I O Q U, and never W or Z first (tests/test_rules.py).
CREATE OR REPLACE MACRO is_canadian_postal(pc) AS
    regexp_full_match(pc, '[ABCEGHJ-NPRSTVXY][0-9][ABCEGHJ-NPRSTV-Z]([0-9][ABCEGHJ-NPRSTV-Z][0-9])?');
