INSERT INTO load_ledger (
    load_id, source, museum_id, survey_year, file_name, file_sha256, file_format, encoding, delimiter,
    mapping_file, mapping_sha256, rows_read, rows_accepted, rows_rejected, loaded_at, periods, load_options)
VALUES (
    $load_id, $source, $museum_id, $survey_year, $file_name, $file_sha256, $file_format, $encoding,
    $delimiter, $mapping_file, $mapping_sha256, $rows_read, $rows_accepted, $rows_rejected, $loaded_at,
    $periods::VARCHAR[], $load_options);
