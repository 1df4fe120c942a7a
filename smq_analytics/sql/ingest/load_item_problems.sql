-- Item problems of one load, in row order (for a skipped duplicate's LoadResult, like load_rejections).
SELECT row_number, column_name, value, reason_fr, reason_en
FROM item_problems
WHERE load_id = $load_id
ORDER BY row_number, column_name;
