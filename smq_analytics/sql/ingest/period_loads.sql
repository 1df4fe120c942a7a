-- Active loads of a museum and source that cover one of $periods (seasons or months): a new file for
-- these periods is refused, or with --replace replaces them (whatever their file name).
SELECT load_id, file_name, loaded_at, periods,
       list_sort(list_intersect(periods, $periods::VARCHAR[])) AS shared
FROM load_ledger
WHERE source = $source
  AND museum_id = $museum_id
  AND replaced_at IS NULL
  AND len(list_intersect(coalesce(periods, []::VARCHAR[]), $periods::VARCHAR[])) > 0
ORDER BY load_id;
