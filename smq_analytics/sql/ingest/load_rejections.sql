SELECT row_number, column_name, reason_fr, reason_en
FROM quarantine
WHERE load_id = $load_id
ORDER BY row_number;
