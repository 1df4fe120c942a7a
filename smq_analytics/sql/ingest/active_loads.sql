-- Active (not replaced) loads of a museum and source that rested on exactly the same things: the
-- same content, the same mapping content (or none), the same load options. Such a file adds nothing.
SELECT load_id, file_name, file_format, encoding, delimiter, mapping_file, survey_year,
       rows_read, rows_accepted, rows_rejected
FROM load_ledger
WHERE source = $source
  AND museum_id = $museum_id
  AND replaced_at IS NULL
  AND file_sha256 = $sha256
  AND mapping_sha256 IS NOT DISTINCT FROM $mapping_sha256
  AND load_options IS NOT DISTINCT FROM $load_options
ORDER BY load_id;
