-- What the museum sent (mart web_loads): one row per load, active ones first, for the data-basis section.
SELECT
    museum_id, load_id, source, platform, source_kind, file_name, loaded_at,
    date_start, date_end, tables, report_titles, caveats, active
FROM web_loads
WHERE museum_id = $museum_id
ORDER BY active DESC, source, date_start, load_id;
