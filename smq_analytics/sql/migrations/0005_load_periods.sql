-- 0005 loads by period, what a load was keyed on, survey weights.
-- A load covers a museum × source × period: a survey season ('2024'), or for desk counts and
-- attendance the months its records cover ('2024-07'). A new file for a period already loaded is
-- refused unless --replace, which replaces every active load sharing a period, whatever its file name.
-- A file is a duplicate of an earlier load only when everything the load rested on is the same:
-- content (file_sha256), mapping content (mapping_sha256), source, museum and load_options.
ALTER TABLE load_ledger ADD COLUMN periods VARCHAR[];    -- seasons or months covered by the accepted records
ALTER TABLE load_ledger ADD COLUMN load_options VARCHAR; -- options of the load as JSON, e.g. {"year": 2024}; NULL before 0005

-- A survey weight column declared in the mapping (`weight:`); stored, not read by the reports
-- (they post-stratify to monthly attendance, docs/ARCHITECTURE.md, « Weighting »).
ALTER TABLE raw_survey ADD COLUMN weight DOUBLE;

-- Loads made before 0005: their periods from the records they brought.
UPDATE load_ledger SET periods = coalesce((
    SELECT list_sort(list(DISTINCT r.survey_year::VARCHAR)) FROM raw_survey r WHERE r.load_id = load_ledger.load_id
), CASE WHEN survey_year IS NOT NULL THEN [survey_year::VARCHAR] END)
WHERE source = 'survey';

UPDATE load_ledger SET periods = (
    SELECT list_sort(list(DISTINCT strftime(a.month, '%Y-%m'))) FROM raw_attendance a
    WHERE a.load_id = load_ledger.load_id
)
WHERE source = 'attendance';

UPDATE load_ledger SET periods = (
    SELECT list_sort(list(DISTINCT p)) FROM (
        SELECT strftime(d.period_start, '%Y-%m') AS p FROM raw_desk_counts d WHERE d.load_id = load_ledger.load_id
        UNION ALL
        SELECT strftime(d.period_end, '%Y-%m') FROM raw_desk_counts d WHERE d.load_id = load_ledger.load_id
    )
)
WHERE source = 'desk-counts';
