-- Active (not replaced) loads of a museum and source with the same content, or the same file name
-- when $match_name is true.
SELECT load_id, file_name, file_format, encoding, delimiter, mapping_file, survey_year,
       rows_read, rows_accepted, rows_rejected
FROM load_ledger
WHERE source = $source
  AND museum_id = $museum_id
  AND replaced_at IS NULL
  AND (file_sha256 = $sha256 OR ($match_name AND file_name = $file_name))
ORDER BY load_id;
